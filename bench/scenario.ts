/**
 * Every phase of the benchmark for one system, in a fixed order, on keys no other phase uses:
 * sequential enqueue, bulk enqueue, drain (timed in the worker process), idle latency, half-load
 * latency, then the worker's memory report. The parent only produces and measures; the forked
 * worker process only runs jobs, so its RSS is the workers' alone.
 */
import { now } from './clock';
import { JOB_NAMES, TOTAL_CONCURRENCY, Workload } from './config';
import { idleEnqueues, LatencyStats, latencyStats, openLoopEnqueues } from './latency';
import type { ProducerFactory } from './producer';
import type { BenchArgs } from './protocol';
import { readRedisCounters } from './redis-cpu';
import type { RedisTarget } from './redis-target';
import { ClockOffset, WorkerHandle } from './worker-handle';

/** A system under test. */
export interface SystemSpec {
  readonly label: string;
  readonly producer: ProducerFactory;
  /** Compiled worker script path. */
  readonly workerScript: string;
}

/** Where compiled worker scripts and dependencies are, and whether to profile. */
export interface RunContext {
  readonly nodeModules: string;
  readonly cpuProfileDir: string | null;
  readonly log: (line: string) => void;
}

/** Everything measured for one system. */
export interface SystemResult {
  label: string;
  sequentialPerSec: number;
  /** An awaited PING on a bare ioredis connection, timed just before the sequential enqueues. */
  roundTripUs: number;
  bulkPerSec: number;
  processingPerSec: number;
  /** Redis CPU per drained job over bulk enqueue + drain, and the two parts of it. */
  redisCpuUsPerJob: number;
  redisCpuEnqueueUsPerJob: number;
  redisCpuDrainUsPerJob: number;
  /** Redis commands per drained job over bulk enqueue + drain, counting those run by scripts. */
  redisCommandsPerJob: number;
  /** Kernel high-water mark of the worker process, and the highest 50 ms sample. */
  peakRssMb: number;
  sampledPeakRssMb: number;
  idle: LatencyStats;
  loaded: LatencyStats;
  /** Half-load producer: the rate aimed for and the rate of enqueue calls actually issued. */
  loadTargetPerSec: number;
  loadOfferedPerSec: number;
  clock: ClockOffset;
  /** CPU the worker process used over its life (for the machine-load check). */
  workerCpuMs: number;
}

const MB = 1024 * 1024;

/** Jobs per second. */
function rate(jobs: number, ms: number): number {
  return jobs / (ms / 1000);
}

/**
 * Times `count` single enqueues, each awaited before the next, on keys of their own; first the
 * same number of awaited PINGs on the control connection, the floor any single enqueue stands on.
 */
async function sequentialPhase(
  spec: SystemSpec,
  target: RedisTarget,
  count: number,
): Promise<{ perSec: number; roundTripUs: number }> {
  const producer = spec.producer(target.url, `${target.prefix}seq-`);
  try {
    const pingStart = now();
    for (let i = 0; i < count; i++) await target.control.ping();
    const roundTripUs = ((now() - pingStart) * 1000) / count;
    await producer.enqueue(JOB_NAMES[0], { i: -1 }); // connect outside the timed loop
    const start = now();
    for (let i = 0; i < count; i++) await producer.enqueue(JOB_NAMES[i % JOB_NAMES.length], { i });
    return { perSec: rate(count, now() - start), roundTripUs };
  } finally {
    await producer.close();
    await target.reset();
  }
}

/** The drain's jobs, pre-built so that building them is not timed: chunks of one name each. */
function bulkChunks(total: number, chunk: number): Array<{ name: string; args: BenchArgs[] }> {
  const chunks: Array<{ name: string; args: BenchArgs[] }> = [];
  for (let first = 0, c = 0; first < total; first += chunk, c++) {
    const args: BenchArgs[] = [];
    for (let i = first; i < Math.min(total, first + chunk); i++) args.push({ i });
    chunks.push({ name: JOB_NAMES[c % JOB_NAMES.length], args });
  }
  return chunks;
}

/** Runs all phases for one system and cleans up its keys. */
export async function runSystem(
  spec: SystemSpec,
  target: RedisTarget,
  load: Workload,
  ctx: RunContext,
): Promise<SystemResult> {
  ctx.log(`[${spec.label}] sequential enqueue of ${load.sequentialJobs} jobs`);
  const sequential = await sequentialPhase(spec, target, load.sequentialJobs);

  const worker = await WorkerHandle.fork({
    script: spec.workerScript,
    nodeModules: ctx.nodeModules,
    cpuProfileDir: ctx.cpuProfileDir,
    env: { redisUrl: target.url, prefix: target.prefix },
  });
  const producer = spec.producer(target.url, target.prefix);
  try {
    const chunks = bulkChunks(load.drainJobs, load.bulkChunk);
    ctx.log(
      `[${spec.label}] bulk enqueue of ${load.drainJobs} jobs in chunks of ${load.bulkChunk}`,
    );
    const before = await readRedisCounters(target.control);
    const bulkStart = now();
    for (const chunk of chunks) await producer.enqueueBulk(chunk.name, chunk.args);
    const bulkMs = now() - bulkStart;
    const enqueued = await readRedisCounters(target.control);

    ctx.log(`[${spec.label}] draining ${load.drainJobs} jobs at concurrency ${TOTAL_CONCURRENCY}`);
    const drained = await worker.request({ type: 'start', expect: load.drainJobs }, 'drained');
    const drainedCounters = await readRedisCounters(target.control);
    const processingPerSec = rate(load.drainJobs, drained.finishedAt - drained.startedAt);
    const usPerJob = (seconds: number) => (seconds * 1e6) / load.drainJobs;

    const clock = await worker.clockOffset();
    let expected = drained.processed;

    ctx.log(
      `[${spec.label}] idle latency: ${load.idleSamples} single enqueues ${load.idleGapMs} ms apart`,
    );
    await idleEnqueues(producer, load.idleSamples, load.idleGapMs);
    expected += load.idleSamples;
    const idle = await worker.request({ type: 'waitFor', total: expected }, 'reached');

    const loadTargetPerSec = processingPerSec * load.loadFraction;
    ctx.log(
      `[${spec.label}] half-load latency: ${Math.round(loadTargetPerSec)} jobs/s for ${load.loadMs} ms`,
    );
    const run = await openLoopEnqueues(producer, loadTargetPerSec, load.loadMs, load.loadWarmupMs);
    expected += run.sent;
    const loaded = await worker.request({ type: 'waitFor', total: expected }, 'reached');

    const memory = await worker.stop();
    return {
      label: spec.label,
      sequentialPerSec: sequential.perSec,
      roundTripUs: sequential.roundTripUs,
      bulkPerSec: rate(load.drainJobs, bulkMs),
      processingPerSec,
      redisCpuUsPerJob: usPerJob(drainedCounters.cpuSeconds - before.cpuSeconds),
      redisCpuEnqueueUsPerJob: usPerJob(enqueued.cpuSeconds - before.cpuSeconds),
      redisCpuDrainUsPerJob: usPerJob(drainedCounters.cpuSeconds - enqueued.cpuSeconds),
      redisCommandsPerJob: (drainedCounters.commands - before.commands) / load.drainJobs,
      peakRssMb: (memory.maxRssKb * 1024) / MB,
      sampledPeakRssMb: memory.sampledPeakRssBytes / MB,
      idle: latencyStats(idle.latenciesMs, clock.offsetMs),
      loaded: latencyStats(loaded.latenciesMs, clock.offsetMs),
      loadTargetPerSec,
      loadOfferedPerSec: run.offeredPerSec,
      clock,
      workerCpuMs: memory.cpuMs,
    };
  } finally {
    worker.kill();
    await producer.close();
    await target.reset();
  }
}
