/** Options of an Enqueuer (checked by resolveEnqueuerOptions). */
import type { StrictArgsMode } from './cjson-check';
import type { Clock } from './clock';
import type { WorkLogger } from './logger';
import type { RedisSource } from './redis-connection';

/** Options of an {@link Enqueuer}. */
export interface EnqueuerOptions {
  /** gocraft namespace, e.g. `work` (keys are `work:…`). */
  namespace: string;
  /** Redis URL, ioredis options, or a client you own (it is never closed by the enqueuer). */
  redis: RedisSource;
  /** Source of "now"; defaults to the system clock. */
  clock?: Clock;
  /** Where warnings go; defaults to the console. */
  logger?: WorkLogger;
  /**
   * Announce each push on the namespace's wake channel so idle pools fetch at once.
   * Default true; Go producers never announce, and pools fall back to polling for them.
   */
  wake?: boolean;
  /**
   * Wrap each enqueue in an OpenTelemetry producer span and store its context in the job's
   * `trace_context` member, when `@opentelemetry/api` is installed (the application registers
   * the SDK). Default true.
   */
  tracing?: boolean;
  /**
   * What to do with args that Redis' cjson would rewrite if the job is scheduled or retried (an
   * empty array becomes `{}`, numbers keep 14 significant digits; spec §1.4): `'off'` accepts
   * them silently, `'warn'` logs once per job name and place, `'refuse'` throws
   * {@link CjsonRewriteError} before anything is written. Default `'off'`.
   */
  strictArgs?: StrictArgsMode;
}
