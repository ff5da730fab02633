/** Options of a WorkerPool and of its stop(). */
import type { Clock } from './clock';
import type { DeadRetentionOption } from './dead-retention';
import type { KeyspaceWakeMode } from './keyspace-wake';
import type { WorkLogger } from './logger';
import type { RedisSource } from './redis-connection';

/** Options of {@link WorkerPool.stop}. */
export interface StopOptions {
  /**
   * Longest wait for running jobs, in ms. At the deadline their AbortSignals fire and they are
   * handed back to their queues (a late result is ignored). Default: wait for them, as gocraft does.
   * Whatever Redis does (down, stalled), stop() returns within timeoutMs plus
   * `STOP_MARGIN_MS` (2000 ms) for its last writes; past that it closes its connections, and the
   * reaper requeues whatever those writes would have returned.
   */
  timeoutMs?: number;
}

/**
 * Timing options of the background processes; all have gocraft-compatible defaults (checked and
 * completed by {@link resolvePoolOptions}).
 */
export interface PoolTimings {
  /** Heartbeat period, at most 5000 ms. Default 5000 ms (Go reapers call a pool dead after 10 s). */
  heartbeatIntervalMs?: number;
  /** Beat from a worker thread so a blocked event loop cannot stop it. Default true. */
  heartbeatInThread?: boolean;
  /** How often busy-worker observations are written. Default 1000 ms. */
  observeIntervalMs?: number;
  /** How often due retry and scheduled jobs are moved to their queues. Default 1000 ms. */
  requeueIntervalMs?: number;
  /** How often the dead-pool reaper runs (plus up to 5 s, at most a third of it, of jitter). Default 15000 ms. */
  reapIntervalMs?: number;
  /** Heartbeat age after which our reaper calls a pool dead, at least two beats. Default 30 s. */
  deadAfterSeconds?: number;
  /** Delay before a pool id absent from worker_pools counts as an orphan. Default 15000 ms. */
  orphanGraceMs?: number;
  /**
   * Dead-set retention, enforced with each reaper pass (O(log n) plus what is removed): keep at
   * most `maxJobs` dead jobs, none older than `maxAgeSeconds`; `true` means 10,000 jobs and 180
   * days (Sidekiq's). Default: off, as in gocraft, because the trim would also delete the dead
   * jobs of Go services sharing the namespace; a pool says so once at start (docs/interop.md).
   */
  deadRetention?: DeadRetentionOption;
}

/** Options of a {@link WorkerPool}; {@link resolvePoolOptions} checks them. */
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
  /**
   * Wake-ups for jobs pushed by producers that do not announce them (Go's enqueuer, a raw LPUSH),
   * through Redis keyspace notifications: `'auto'` uses them when the server already emits list
   * events (`notify-keyspace-events` with `K` and `l` or `A`), `'enable'` also turns them on with
   * CONFIG SET, `'off'` leaves such jobs to the poll. Default `'auto'` (docs/interop.md).
   */
  keyspaceWake?: KeyspaceWakeMode;
  /** Source of "now"; defaults to the system clock. */
  clock?: Clock;
  /** Where the pool logs; defaults to the console. */
  logger?: WorkLogger;
  /**
   * Log each job's failures (once, with where the job goes next) and, at debug level, its start
   * and finish. Pool-level messages are logged either way. Default true.
   */
  logJobs?: boolean;
  /**
   * Run each job inside an OpenTelemetry consumer span that continues the enqueuer's trace, when
   * `@opentelemetry/api` is installed (the application registers the SDK). Default true.
   */
  tracing?: boolean;
  /**
   * Keep per-job-name, per-minute counts, run time and a run-time histogram in Redis for the
   * dashboard's Metrics page (written with the once-a-second counters; a day of history). Default true.
   */
  jobMetrics?: boolean;
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
