/** Options of WorkModule.forRoot / forRootAsync. */
import type { LoggerService } from '@nestjs/common';
import type { RedisSource } from './core/redis-connection';
import type { KeyspaceWakeMode, PoolTimings, StrictArgsMode } from './core';

/** Runtime options (may come from an async factory). */
export interface WorkModuleOptions extends PoolTimings {
  /**
   * Redis to use: a `redis://` URL, ioredis options or `{ cluster: nodes }` (the module opens and
   * closes the connection), or an existing ioredis client or Cluster (shared: never closed by the
   * module). On a Cluster the namespace must hold a hash tag, e.g. `{work}`.
   * @default 'redis://127.0.0.1:6379'
   */
  redis?: RedisSource;
  /** gocraft namespace shared with Go services, e.g. `work` (keys `work:…`). */
  namespace: string;
  /** Jobs this process runs at once. @default 10 */
  concurrency?: number;
  /**
   * Whether this process runs a worker pool. Set false for an API-only service that only
   * enqueues, or a dashboard that only reads. @default true
   */
  runPool?: boolean;
  /** How long shutdown waits for running jobs before handing them back to their queues. @default 25000 */
  shutdownTimeoutMs?: number;
  /** Milliseconds between fetches while queues look empty. @default 200 */
  pollIntervalMs?: number;
  /**
   * Wake on jobs pushed by Go producers through Redis keyspace notifications: `'auto'` when the
   * server emits them, `'enable'` to turn them on (CONFIG SET), `'off'` to poll. @default 'auto'
   */
  keyspaceWake?: KeyspaceWakeMode;
  /** Time zone of @Periodic schedules; Go and Nest pools must agree to dedupe. @default the process's zone */
  timeZone?: string;
  /**
   * What the Enqueuer does with args Redis' cjson would rewrite when the job is scheduled or
   * retried (`[]` becomes `{}`, numbers keep 14 digits): accept (`'off'`), log (`'warn'`) or
   * throw `CjsonRewriteError` (`'refuse'`). See docs/interop.md. @default 'off'
   */
  strictArgs?: StrictArgsMode;
  /** Where the engine logs; false for silence. @default Nest's Logger ('Work') */
  logger?: LoggerService | false;
  /**
   * Decides whether an admin/dashboard request may proceed (in addition to any app guard).
   * @default every request is allowed (the admin API is off unless `admin` is set)
   */
  authorize?: (request: unknown) => boolean | Promise<boolean>;
}

/** Synchronous options that shape the module graph. */
export interface WorkModuleExtras {
  /** Register the module globally. @default true */
  isGlobal?: boolean;
  /**
   * Mount the admin JSON API (gocraft's workwebui routes) at `path`, e.g. `{ path: 'admin/work' }`.
   * With `dashboard: true` the web UI is served too, at `<path>/ui/`, behind the same guard
   * (docs/dashboard.md). `dashboard` defaults to false.
   * @default false
   */
  admin?: false | { path: string; dashboard?: boolean };
}
