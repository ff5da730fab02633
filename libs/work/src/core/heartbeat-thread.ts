/**
 * The heartbeat's stand-in on a worker thread, so a handler that blocks the main event loop (a
 * long synchronous computation) cannot make the pool look dead to Go or TS reapers.
 *
 * The main thread writes the beats while its event loop runs, and records in shared memory when
 * its loop last turned and when the last beat was written. The thread only looks at those two
 * numbers once a second; when the loop has stalled and a beat is due, it writes the beat itself.
 * Until the first stall it never loads ioredis nor connects: an idle isolate costs about 8 MB of
 * resident memory, one with ioredis loaded and connected about 22 MB.
 *
 * The code is plain JavaScript evaluated in the thread, so it needs no build step and works under
 * ts-node and Jest alike.
 */
import { Worker } from 'node:worker_threads';

/** What the thread needs to write the heartbeat. */
export interface HeartbeatThreadData {
  /** Absolute path of the ioredis module to load in the thread (only once it must beat). */
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

/** The running stand-in. */
export interface HeartbeatThread {
  /** Records that the main event loop is turning (call at least once a second). */
  loopTurned(): void;
  /** Records that a beat was just written (by the main thread). */
  beatWritten(): void;
  /** Stops or resumes the stand-in's beats (the pool's own health decides). */
  setHealthy(healthy: boolean): void;
  /** Ends the thread; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Slots of the shared clock array (epoch milliseconds, read and written atomically). */
const LOOP_AT = 0;
const BEAT_AT = 1;

/** How often the main loop records that it turns, and how often the thread looks. */
export const LOOP_TICK_MS = 1000;
/** The loop counts as stalled once it has not turned for this long. */
export const STALL_MS = 2 * LOOP_TICK_MS;

const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { poolsKey, beatKey, poolId, fields, intervalMs, script, shared, stallMs, tickMs } = workerData;
const clocks = new BigInt64Array(shared);
const read = (slot) => Number(Atomics.load(clocks, slot));
let redis = null;
let writing = false;
// A blocked event loop sends nothing, so the last word stands: blocked is not dead.
let healthy = true;
const connect = () => {
  if (redis) return redis;
  const Redis = require(workerData.ioredisPath);
  const config = typeof workerData.redis === 'string' ? { url: workerData.redis } : workerData.redis;
  const { url, ...options } = config;
  redis = config.cluster
    ? new Redis.Cluster(config.cluster, config.options)
    : url ? new Redis(url, options) : new Redis(options);
  redis.on('error', () => undefined);
  return redis;
};
const check = () => {
  const now = Date.now();
  if (writing || !healthy || now - read(${LOOP_AT}) < stallMs || now - read(${BEAT_AT}) < intervalMs) return;
  writing = true;
  const flat = [];
  for (const [k, v] of fields) flat.push(k, k === 'heartbeat_at' ? String(Math.floor(now / 1000)) : v);
  const client = connect();
  const write = script
    ? client.eval(script, 2, poolsKey, beatKey, poolId, ...flat)
    : client.pipeline().sadd(poolsKey, poolId).hset(beatKey, ...flat).exec();
  write
    .then(() => Atomics.store(clocks, ${BEAT_AT}, BigInt(now)), () => undefined)
    .finally(() => { writing = false; });
};
const timer = setInterval(check, tickMs);
parentPort.on('message', (message) => {
  if (message === 'healthy' || message === 'unhealthy') {
    healthy = message === 'healthy';
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  // process.exit in a worker ends only this thread.
  if (!redis) process.exit(0);
  redis.quit().catch(() => redis.disconnect()).finally(() => process.exit(0));
});
`;

/** Starts the stand-in; the first beat must already be written (it counts from now). */
export function startHeartbeatThread(data: HeartbeatThreadData): HeartbeatThread {
  const shared = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
  const clocks = new BigInt64Array(shared);
  const record = (slot: number) => Atomics.store(clocks, slot, BigInt(Date.now()));
  record(LOOP_AT);
  record(BEAT_AT);
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { ...data, shared, stallMs: STALL_MS, tickMs: LOOP_TICK_MS },
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', () => undefined);
  return {
    loopTurned: () => record(LOOP_AT),
    beatWritten: () => record(BEAT_AT),
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
