/** Options of a WorkerPool and of its stop(). */
import type { Clock } from './clock';
import { invalidOptionMessage, WorkConfigError } from './errors';
import type { WorkLogger } from './logger';
import type { PoolTimings } from './pool-services';
import type { RedisSource } from './redis-connection';

/** Options of {@link WorkerPool.stop}. */
export interface StopOptions {
  /**
   * Longest wait for running jobs, in ms. At the deadline their AbortSignals fire and they are
   * handed back to their queues (a late result is ignored). Default: wait for them, as gocraft does.
   * Whatever Redis does (down, stalled), stop() returns within timeoutMs plus
   * {@link STOP_MARGIN_MS} for its last writes; past that it closes its connections, and the
   * reaper requeues whatever those writes would have returned.
   */
  timeoutMs?: number;
}

/** Options of a {@link WorkerPool}. */
export interface WorkerPoolOptions<C> extends PoolTimings {
  /** gocraft namespace, e.g. `work`. */
  namespace: string;
  /** Redis URL, ioredis options, or a client you own (never closed by the pool). */
  redis: RedisSource;
  /** Jobs run at once by this pool. Default 10. */
  concurrency?: number;
  /** Makes the fresh per-job context shared by middleware and handler. Default `() => ({})`. */
  context?: () => C;
  /**
   * Milliseconds between fetches while the queues look empty, for jobs pushed by producers that
   * do not announce them (Go). Our enqueuer's announcements wake the pool at once. Default 200.
   */
  pollIntervalMs?: number;
  /** Source of "now"; defaults to the system clock. */
  clock?: Clock;
  /** Where the pool logs; defaults to the console. */
  logger?: WorkLogger;
  /**
   * IANA time zone of periodic schedules. Default: the process's zone, as Go does. Go and Nest
   * pools sharing a namespace must agree on it, or their instances will not dedupe.
   */
  timeZone?: string;
  /** Fixed time between periodic passes. Default gocraft's 120 s + rand(0..29) s. */
  periodicPeriodMs?: number;
}

/** The default idle poll; our enqueuer's announcements make most polls unnecessary. */
export const DEFAULT_POLL_MS = 200;

/** Checks the options a pool cannot run with, naming the option; returns the resolved numbers. */
export function validatePoolOptions<C>(options: WorkerPoolOptions<C>): {
  concurrency: number;
  pollIntervalMs: number;
} {
  const concurrency = options.concurrency ?? 10;
  if (!Number.isInteger(concurrency) || concurrency < 0) {
    throw new WorkConfigError(
      invalidOptionMessage('concurrency', 'a non-negative integer', options.concurrency),
    );
  }
  const poll = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  if (typeof poll !== 'number' || !Number.isFinite(poll) || poll < 1) {
    throw new WorkConfigError(
      invalidOptionMessage(
        'pollIntervalMs',
        'a number of milliseconds >= 1',
        options.pollIntervalMs,
      ),
    );
  }
  const beatMs = options.heartbeatIntervalMs ?? 5000;
  if (options.deadAfterSeconds !== undefined && options.deadAfterSeconds * 1000 < 2 * beatMs) {
    throw new WorkConfigError(
      invalidOptionMessage(
        'deadAfterSeconds',
        `at least twice heartbeatIntervalMs (${beatMs} ms), or live pools look dead`,
        options.deadAfterSeconds,
      ),
    );
  }
  return { concurrency, pollIntervalMs: poll };
}
