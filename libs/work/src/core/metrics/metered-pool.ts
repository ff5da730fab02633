/**
 * What the per-process series read from a worker pool, and their default histogram buckets; kept
 * apart from pool-metrics.ts, whose types come from the optional prom-client peer.
 */
import type { JobEvent } from '../job-events';

/** What the series read from the pool. */
export interface MeteredPool {
  readonly concurrency: number;
  readonly activeJobs: number;
  onJobEvent(listener: (event: JobEvent) => void): () => void;
}

/** Histogram buckets of run time, in seconds: 1 ms to 5 min. */
export const DEFAULT_DURATION_BUCKETS = [
  0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
];
/** Histogram buckets of the wait from enqueue to start, in seconds (enqueue times are whole seconds). */
export const DEFAULT_WAIT_BUCKETS = [1, 2, 5, 10, 30, 60, 300, 900, 3600];
