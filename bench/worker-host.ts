/**
 * The part of a worker process that is the same for both systems: it counts job starts, records
 * enqueue-to-start latency, samples memory and answers the parent. Keeping it shared means the
 * two worker scripts differ only in how they drive their library, so the comparison stays fair.
 */
import { now } from './clock';
import type { BenchArgs, ChildMessage, ParentMessage, WorkerEnv } from './protocol';

/** What a worker script adapts its library to. */
export interface WorkerSystem {
  /** Starts fetching and running jobs. */
  start(): Promise<void>;
  /** Resolves once the outcome of each of the first `processed` jobs is written to Redis. */
  settled(processed: number): Promise<void>;
  /** Stops gracefully and closes connections. */
  stop(): Promise<void>;
}

/** Must be called first thing in every job handler, with the job's arguments. */
export type JobStart = (args: BenchArgs | null | undefined) => void;

/** Builds the system of a worker script (connected, not yet started). */
export type BuildSystem = (env: WorkerEnv, onJob: JobStart) => Promise<WorkerSystem> | WorkerSystem;

/** How often the resident set is sampled, as a cross-check of the kernel's high-water mark. */
const RSS_SAMPLE_MS = 50;

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Reads the worker environment the parent passed. */
function readEnv(): WorkerEnv {
  const redisUrl = process.env.BENCH_REDIS_URL;
  const prefix = process.env.BENCH_PREFIX;
  if (!redisUrl || !prefix)
    throw new Error('BENCH_REDIS_URL and BENCH_PREFIX must be set by the parent');
  return { redisUrl, prefix };
}

/** Runs a worker process: builds the system, then serves the parent's requests until `stop`. */
export function hostWorker(build: BuildSystem): void {
  let processed = 0;
  let latencies: number[] = [];
  let target = Infinity;
  let reachedTarget: (() => void) | null = null;
  let sampledPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  sampler.unref();

  /** The hot path: one increment, and one subtraction for latency jobs. */
  const onJob: JobStart = (args) => {
    processed++;
    if (args && typeof args.ts === 'number' && !args.warm) latencies.push(now() - args.ts);
    if (processed === target && reachedTarget) {
      const resolve = reachedTarget;
      reachedTarget = null;
      target = Infinity;
      resolve();
    }
  };

  const waitForCount = (total: number): Promise<void> => {
    if (processed >= total) return Promise.resolve();
    return new Promise((resolve) => {
      target = total;
      reachedTarget = resolve;
    });
  };

  const fail = (err: unknown) => {
    send({
      type: 'error',
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    process.exitCode = 1;
    process.disconnect?.();
  };

  const serve = async (system: WorkerSystem, message: ParentMessage): Promise<void> => {
    switch (message.type) {
      case 'start': {
        const startedAt = now();
        const cpuBefore = process.cpuUsage();
        await system.start();
        await waitForCount(message.expect);
        await system.settled(processed);
        const cpu = process.cpuUsage(cpuBefore);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        send({ type: 'drained', startedAt, finishedAt: now(), processed, cpuMs });
        return;
      }
      case 'waitFor': {
        await waitForCount(message.total);
        send({ type: 'reached', processed, latenciesMs: latencies });
        latencies = [];
        return;
      }
      case 'ping':
        send({ type: 'pong', id: message.id, at: now() });
        return;
      case 'stop': {
        await system.stop();
        clearInterval(sampler);
        sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
        const usage = process.resourceUsage();
        const report: ChildMessage = {
          type: 'stopped',
          maxRssKb: usage.maxRSS,
          sampledPeakRssBytes: sampledPeak,
          cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        };
        process.send?.(report, () => process.disconnect());
        return;
      }
    }
  };

  Promise.resolve()
    .then(() => build(readEnv(), onJob))
    .then((system) => {
      process.on('message', (message: ParentMessage) => {
        serve(system, message).catch(fail);
      });
      send({ type: 'ready' });
    })
    .catch(fail);
}
