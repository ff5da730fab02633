/**
 * The heartbeat loop that runs on a worker thread, so a handler that blocks the main event loop
 * (a long synchronous computation) cannot make the pool look dead to Go or TS reapers.
 * It has its own Redis connection; the code is plain JavaScript evaluated in the thread, so it
 * needs no build step and works under ts-node and Jest alike.
 */
import { Worker } from 'node:worker_threads';

/** What the thread needs to write the heartbeat. */
export interface HeartbeatThreadData {
  /** Absolute path of the ioredis module to load in the thread. */
  ioredisPath: string;
  /** A redis:// URL, plain (cloneable) ioredis options with an optional `url`, or `{ cluster, options }` of a Cluster. */
  redis: string | Record<string, unknown>;
  poolsKey: string;
  beatKey: string;
  poolId: string;
  /** Heartbeat fields in gocraft's order; `heartbeat_at` is refreshed on each beat. */
  fields: Array<[string, string]>;
  intervalMs: number;
  /** The heartbeat script to EVAL (allow-oom flagged on Redis 7+), or null for a plain pipeline. */
  script: string | null;
}

/** The running thread. */
export interface HeartbeatThread {
  /** Stops or resumes the beats (the pool's own health decides). */
  setHealthy(healthy: boolean): void;
  /** Ends the thread; resolves once it has exited. */
  stop(): Promise<void>;
}

const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Redis = require(workerData.ioredisPath);
const config = typeof workerData.redis === 'string' ? { url: workerData.redis } : workerData.redis;
const { url, ...options } = config;
const redis = config.cluster
  ? new Redis.Cluster(config.cluster, config.options)
  : url ? new Redis(url, options) : new Redis(options);
redis.on('error', () => undefined);
const { poolsKey, beatKey, poolId, fields, intervalMs, script } = workerData;
let healthy = true;
const beat = () => {
  if (!healthy) return;
  const flat = [];
  for (const [k, v] of fields) flat.push(k, k === 'heartbeat_at' ? String(Math.floor(Date.now() / 1000)) : v);
  const write = script
    ? redis.eval(script, 2, poolsKey, beatKey, poolId, ...flat)
    : redis.pipeline().sadd(poolsKey, poolId).hset(beatKey, ...flat).exec();
  return write.catch(() => undefined);
};
const timer = setInterval(beat, intervalMs);
parentPort.on('message', (message) => {
  if (message === 'healthy' || message === 'unhealthy') {
    healthy = message === 'healthy';
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  // process.exit in a worker ends only this thread.
  redis.quit().catch(() => redis.disconnect()).finally(() => process.exit(0));
});
`;

/** Starts the thread; `stop()` ends it and resolves once it has exited. */
export function startHeartbeatThread(data: HeartbeatThreadData): HeartbeatThread {
  const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: data });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', () => undefined);
  return {
    setHealthy(healthy) {
      worker.postMessage(healthy ? 'healthy' : 'unhealthy');
    },
    async stop() {
      worker.postMessage('stop');
      const forced = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(forced);
    },
  };
}
