/**
 * The workload, in one place so the orchestrator, the producers and the worker children agree.
 * Figures in docs/benchmarks.md are for these defaults; the BENCH_* variables exist only to make
 * quick development runs possible and are printed in the header when they change anything.
 */

/** Job names, shared by both systems (ours: job names; BullMQ: one queue per name). */
export const JOB_NAMES = ['bench-a', 'bench-b', 'bench-c', 'bench-d', 'bench-e'] as const;

/** Total concurrency of the worker process: ours is one pool of 20, BullMQ five Workers of 4. */
export const TOTAL_CONCURRENCY = 20;

/** Reads a positive integer from the environment, or the default. */
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Everything the orchestrator needs to know about the workload. */
export interface Workload {
  /** Jobs drained in the throughput phase (bulk enqueued first). */
  readonly drainJobs: number;
  /** Jobs per enqueueBulk / addBulk call. */
  readonly bulkChunk: number;
  /** Jobs enqueued one at a time, each awaited, for the sequential rate. */
  readonly sequentialJobs: number;
  /** Single enqueues while the workers are idle, for idle latency. */
  readonly idleSamples: number;
  /** Gap between idle enqueues, so each one finds the workers idle. */
  readonly idleGapMs: number;
  /** Length of the half-load latency run, and how much of its start is discarded as warm-up. */
  readonly loadMs: number;
  readonly loadWarmupMs: number;
  /** Fraction of the measured processing rate the half-load producer aims for. */
  readonly loadFraction: number;
}

/** The workload, with optional BENCH_* overrides (BENCH_JOBS, BENCH_SEQ_JOBS, BENCH_IDLE_SAMPLES). */
export function workload(): Workload {
  return {
    drainJobs: positiveInt('BENCH_JOBS', 100_000),
    bulkChunk: 1_000,
    sequentialJobs: positiveInt('BENCH_SEQ_JOBS', 10_000),
    idleSamples: positiveInt('BENCH_IDLE_SAMPLES', 500),
    idleGapMs: 6,
    loadMs: 3_000,
    loadWarmupMs: 500,
    loadFraction: 0.5,
  };
}
