/**
 * The scenarios beyond the side-by-side run, each a bulk enqueue followed by a timed drain in a
 * fresh worker process: the concurrency sweep (both systems at concurrency 100), the many-names
 * scenario (ours over 100 queues against 5, twice each in turn) and the opt-in 1M-queued memory
 * scenario.
 */
import {
  HIGH_CONCURRENCY,
  jobNames,
  JOB_NAMES,
  LARGE_JOBS,
  MANY_NAMES,
  TOTAL_CONCURRENCY,
  Workload,
} from './config';
import type { BenchArgs } from './protocol';
import type { RedisTarget } from './redis-target';
import type { RunContext, SystemSpec } from './scenario';
import { WorkerHandle } from './worker-handle';

/** One drain's figures. */
export interface DrainFigures {
  /** Jobs per second from worker start until the last outcome is written. */
  perSec: number;
  /** Kernel high-water mark of the worker process (MB). */
  peakRssMb: number;
  /** CPU of the worker process over its life (for the machine-load check). */
  workerCpuMs: number;
}

/** What one drain runs: how many jobs, at what concurrency, over which names. */
interface DrainShape {
  jobs: number;
  concurrency: number;
  names: readonly string[];
  /** Flags for the worker's node, if any. */
  nodeFlags?: readonly string[];
}

/**
 * The young-generation cap of the memory-bound drains. V8 lets the young generation grow to 16 MB
 * per semi-space (32 MB resident) in any busy process; a worker whose memory matters more than its
 * last few percent of speed runs with a smaller one. Both systems are measured with it.
 */
export const CAPPED_YOUNG_GENERATION = ['--max-semi-space-size=4'];

const MB = 1024 * 1024;

/** Bulk-enqueues `shape.jobs` jobs in chunks (names in rotation), then times their drain. */
export async function drainOnce(
  spec: SystemSpec,
  target: RedisTarget,
  shape: DrainShape,
  chunk: number,
  ctx: RunContext,
): Promise<DrainFigures> {
  const worker = await WorkerHandle.fork({
    script: spec.workerScript,
    nodeModules: ctx.nodeModules,
    cpuProfileDir: ctx.cpuProfileDir,
    env: { redisUrl: target.url, prefix: target.prefix },
    extraEnv: {
      BENCH_CONCURRENCY: String(shape.concurrency),
      BENCH_NAMES: String(shape.names.length),
    },
    nodeFlags: shape.nodeFlags,
  });
  const producer = spec.producer(target.url, target.prefix);
  try {
    for (let first = 0, c = 0; first < shape.jobs; first += chunk, c++) {
      const args: BenchArgs[] = [];
      for (let i = first; i < Math.min(shape.jobs, first + chunk); i++) args.push({ i });
      await producer.enqueueBulk(shape.names[c % shape.names.length], args);
    }
    const drained = await worker.request({ type: 'start', expect: shape.jobs }, 'drained');
    const memory = await worker.stop();
    return {
      perSec: shape.jobs / ((drained.finishedAt - drained.startedAt) / 1000),
      peakRssMb: (memory.maxRssKb * 1024) / MB,
      workerCpuMs: memory.cpuMs,
    };
  } finally {
    worker.kill();
    await producer.close();
    await target.reset();
  }
}

/** Everything the breadth scenarios measured. */
export interface BreadthResult {
  /** Both systems at concurrency 100 (ours one pool of 100; BullMQ five Workers of 20). */
  oursHigh: DrainFigures;
  bullHigh: DrainFigures;
  /** Ours at concurrency 20 over 5 names and over 100 names: the fastest of two drains each. */
  oursFiveNames: DrainFigures;
  oursManyNames: DrainFigures;
  /** Every names drain, in the order run (for the machine-load check). */
  namesDrains: DrainFigures[];
  /** Ours draining 1M queued jobs, when BENCH_LARGE=1. */
  oursLarge: DrainFigures | null;
  /** Both systems at concurrency 20 with the young generation capped. */
  oursCapped: DrainFigures;
  bullCapped: DrainFigures;
}

/** Runs the breadth scenarios in a fixed order. */
export async function runBreadth(
  ours: SystemSpec,
  bull: SystemSpec,
  target: RedisTarget,
  load: Workload,
  ctx: RunContext,
): Promise<BreadthResult> {
  const jobs = load.drainJobs;
  const drain = (spec: SystemSpec, shape: DrainShape, what: string) => {
    ctx.log(`[${spec.label}] ${what}: drain of ${shape.jobs} jobs`);
    return drainOnce(spec, target, shape, load.bulkChunk, ctx);
  };
  const high = { jobs, concurrency: HIGH_CONCURRENCY, names: JOB_NAMES };
  const oursHigh = await drain(ours, high, `concurrency ${HIGH_CONCURRENCY}`);
  const bullHigh = await drain(bull, high, `concurrency ${HIGH_CONCURRENCY}`);
  const base = { jobs, concurrency: TOTAL_CONCURRENCY };
  const five = { ...base, names: JOB_NAMES };
  const many = { ...base, names: jobNames(MANY_NAMES) };
  // A ratio of two single drains swings with whichever of them the machine slowed. Each shape
  // drains twice, in turn (5, many, 5, many), and the best of each is compared: a disturbance
  // only ever slows a drain, so the best is the closest to what the shape costs.
  const fives: DrainFigures[] = [];
  const manys: DrainFigures[] = [];
  for (let round = 1; round <= NAMES_ROUNDS; round++) {
    fives.push(await drain(ours, five, `${JOB_NAMES.length} job names, round ${round}`));
    manys.push(await drain(ours, many, `${MANY_NAMES} job names, round ${round}`));
  }
  const oursFiveNames = fastest(fives);
  const oursManyNames = fastest(manys);
  const oursLarge = load.large
    ? await drain(ours, { ...base, jobs: LARGE_JOBS, names: JOB_NAMES }, '1M queued')
    : null;
  const capped = { ...base, names: JOB_NAMES, nodeFlags: CAPPED_YOUNG_GENERATION };
  const cappedWhat = `node ${CAPPED_YOUNG_GENERATION.join(' ')}`;
  const oursCapped = await drain(ours, capped, cappedWhat);
  const bullCapped = await drain(bull, capped, cappedWhat);
  return {
    oursHigh,
    bullHigh,
    oursFiveNames,
    oursManyNames,
    namesDrains: [...fives, ...manys],
    oursLarge,
    oursCapped,
    bullCapped,
  };
}

/** How many times each of the two names drains runs (in turn); the fastest of each counts. */
const NAMES_ROUNDS = 2;

/** The drain with the highest rate. */
function fastest(drains: DrainFigures[]): DrainFigures {
  return drains.reduce((best, d) => (d.perSec > best.perSec ? d : best));
}

/** Worker CPU of every breadth drain (for the machine-load check). */
export function breadthWorkerCpuMs(result: BreadthResult): number {
  const runs = [
    result.oursHigh,
    result.bullHigh,
    ...result.namesDrains,
    result.oursCapped,
    result.bullCapped,
  ];
  if (result.oursLarge) runs.push(result.oursLarge);
  return runs.reduce((sum, r) => sum + r.workerCpuMs, 0);
}
