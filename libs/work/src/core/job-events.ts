/**
 * What happens to jobs in a pool, for hooks such as alerting on dead jobs (gocraft has none,
 * #134/#150). Listeners run synchronously on the pool's event loop: keep them quick.
 */
import type { Job } from './job';

/**
 * The kinds of job events. A timed-out run emits `timedOut` and then its fate (`retry`, `dead`
 * or `dropped`).
 */
export type JobEventType = 'started' | 'succeeded' | 'retry' | 'dead' | 'dropped' | 'timedOut';

/** One job event. */
export interface JobEvent {
  readonly type: JobEventType;
  readonly job: Job;
  /** The failure, for retry, dead, dropped and timedOut. */
  readonly error?: unknown;
  /** For retry: epoch seconds of the next attempt. */
  readonly retryAt?: number;
  /** Milliseconds the run took (succeeded and failures). */
  readonly durationMs?: number;
}

/** Receives job events. */
export type JobEventListener = (event: JobEvent) => void;
