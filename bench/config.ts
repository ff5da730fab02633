/**
 * The workload, in one place so the orchestrator, the producers and the worker children agree.
 * Figures in docs/benchmarks.md are for these defaults; the BENCH_* variables exist only to make
 * quick development runs possible and are printed in the header when they change anything.
 */

/** Job names, shared by both systems (ours: job names; BullMQ: one queue per name). */
export const JOB_NAMES = ['bench-a', 'bench-b', 'bench-c', 'bench-d', 'bench-e'] as const;

/** Total concurrency of the worker process: ours is one pool of 20, BullMQ five Workers of 4. */
export const TOTAL_CONCURRENCY = 20;

/** The second point of the concurrency sweep: ours one pool of 100, BullMQ five Workers of 20. */
export const HIGH_CONCURRENCY = 100;

/** Job names of the many-names scenario (ours only: it measures our fetch over many queues). */
export const MANY_NAMES = 100;

/** Jobs queued before the drain of the large-memory scenario (BENCH_LARGE=1 only). */
export const LARGE_JOBS = 1_000_000;

/**
 * The job names a worker process serves: the five shared names, or `count` names of the form
 * `bench-000` for the many-names scenario.
 */
export function jobNames(count: number): readonly string[] {
  if (count === JOB_NAMES.length) return JOB_NAMES;
  return Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
}

/** How a worker process is shaped; the parent passes it as BENCH_CONCURRENCY / BENCH_NAMES. */
export interface WorkerShape {
  /** Total jobs run at once by the process. */
  readonly concurrency: number;
  /** Job names registered (one queue each). */
  readonly names: readonly string[];
}

/** Read in a worker process: the shape the parent asked for, or the default one. */
export function workerShape(): WorkerShape {
  return {
    concurrency: positiveInt('BENCH_CONCURRENCY', TOTAL_CONCURRENCY),
    names: jobNames(positiveInt('BENCH_NAMES', JOB_NAMES.length)),
  };
}

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
  /** Whether to run the 1M-queued memory scenario (BENCH_LARGE=1; about a minute more). */
  readonly large: boolean;
}

/**
 * The workload, with optional BENCH_* overrides (BENCH_JOBS, BENCH_SEQ_JOBS, BENCH_IDLE_SAMPLES)
 * and the opt-in BENCH_LARGE=1.
 */
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
    large: process.env.BENCH_LARGE === '1',
  };
}
