/**
 * The heartbeat's stand-in on a worker thread, so a handler that blocks the main event loop (a
 * long synchronous computation) cannot make a pool look dead to Go or TS reapers.
 *
 * The main thread writes the beats while its event loop runs, and records in shared memory when
 * its loop last turned and when the last beat was written. The thread only looks at those two
 * numbers once a second; when the loop has stalled and a beat is due, it writes the beat itself.
 * Until the first stall it never loads ioredis nor connects: an idle thread costs about 10 MB of
 * resident memory (Node's start-up of the thread, whatever its resource limits), one with ioredis
 * loaded and connected about 22 MB. So every pool of a process shares one thread (a sharded pool
 * of 8 shards would otherwise hold 8): it starts with the first pool and ends with the last.
 *
 * The code is plain JavaScript evaluated in the thread, so it needs no build step and works under
 * ts-node and Jest alike.
 */
import { Worker } from 'node:worker_threads';
import { boundedWait } from './bounded-wait';

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
  /**
   * Stops standing in for this pool (its connection in the thread is closed); the last pool's
   * stop ends the thread. Resolves within a few seconds whatever the thread does.
   */
  stop(): Promise<void>;
}

/** Slots of each pool's shared clock array (epoch milliseconds, read and written atomically). */
const LOOP_AT = 0;
const BEAT_AT = 1;

/** How often the main loop records that it turns, and how often the thread looks. */
export const LOOP_TICK_MS = 1000;
/** The loop counts as stalled once it has not turned for this long. */
export const STALL_MS = 2 * LOOP_TICK_MS;
/** How long stopping waits for the thread to close a pool's connection before moving on. */
const STOP_WAIT_MS = 2000;

/** Messages to the thread: `add` a pool, `remove` it (answered with `removed`), `health`. */
type ToThread =
  | { type: 'add'; id: number; data: HeartbeatThreadData; clocks: SharedArrayBuffer }
  | { type: 'remove'; id: number }
  | { type: 'health'; id: number; healthy: boolean };

const THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { stallMs, tickMs, ioredisPath } = workerData;
const pools = new Map();
const read = (pool, slot) => Number(Atomics.load(pool.clocks, slot));
const connect = (pool) => {
  if (pool.redis) return pool.redis;
  const Redis = require(ioredisPath);
  const config = typeof pool.data.redis === 'string' ? { url: pool.data.redis } : pool.data.redis;
  const { url, ...options } = config;
  pool.redis = config.cluster
    ? new Redis.Cluster(config.cluster, config.options)
    : url ? new Redis(url, options) : new Redis(options);
  pool.redis.on('error', () => undefined);
  return pool.redis;
};
const check = (pool) => {
  const now = Date.now();
  const { poolsKey, beatKey, poolId, fields, intervalMs, script } = pool.data;
  if (pool.writing || !pool.healthy || now - read(pool, ${LOOP_AT}) < stallMs || now - read(pool, ${BEAT_AT}) < intervalMs) return;
  pool.writing = true;
  const flat = [];
  for (const [k, v] of fields) flat.push(k, k === 'heartbeat_at' ? String(Math.floor(now / 1000)) : v);
  const client = connect(pool);
  const write = script
    ? client.eval(script, 2, poolsKey, beatKey, poolId, ...flat)
    : client.pipeline().sadd(poolsKey, poolId).hset(beatKey, ...flat).exec();
  write
    .then(() => Atomics.store(pool.clocks, ${BEAT_AT}, BigInt(now)), () => undefined)
    .finally(() => { pool.writing = false; });
};
setInterval(() => { for (const pool of pools.values()) check(pool); }, tickMs);
parentPort.on('message', (message) => {
  if (message.type === 'add') {
    // A blocked event loop sends nothing, so the last word stands: blocked is not dead.
    pools.set(message.id, { data: message.data, clocks: new BigInt64Array(message.clocks), redis: null, writing: false, healthy: true });
  } else if (message.type === 'health') {
    const pool = pools.get(message.id);
    if (pool) pool.healthy = message.healthy;
  } else if (message.type === 'remove') {
    const pool = pools.get(message.id);
    pools.delete(message.id);
    const done = () => parentPort.postMessage({ type: 'removed', id: message.id });
    if (!pool || !pool.redis) return done();
    pool.redis.quit().catch(() => pool.redis.disconnect()).finally(done);
  }
});
`;

/** The process's one thread and the pools it stands in for. */
interface SharedThread {
  readonly worker: Worker;
  /** Resolvers of `remove` messages not answered yet, by pool id. */
  readonly removals: Map<number, () => void>;
  pools: number;
  alive: boolean;
}

let shared: SharedThread | null = null;
let nextPoolId = 1;

function openThread(ioredisPath: string): SharedThread {
  const worker = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { stallMs: STALL_MS, tickMs: LOOP_TICK_MS, ioredisPath },
  });
  const thread: SharedThread = {
    worker,
    removals: new Map(),
    pools: 0,
    alive: true,
  };
  worker.on('error', () => undefined);
  worker.on('message', (message: { type: string; id: number }) => {
    if (message.type !== 'removed') return;
    thread.removals.get(message.id)?.();
    thread.removals.delete(message.id);
  });
  worker.once('exit', () => {
    // A thread that died (or was ended) answers nothing more; a later pool starts a new one.
    thread.alive = false;
    for (const resolve of thread.removals.values()) resolve();
    thread.removals.clear();
    if (shared === thread) shared = null;
  });
  return thread;
}

/** How many stand-in threads run in this process (0 or 1) and for how many pools. */
export function standInThreadStats(): { threads: number; pools: number } {
  return { threads: shared ? 1 : 0, pools: shared?.pools ?? 0 };
}

/**
 * Registers a pool with the process's stand-in thread (started if it is not running); the
 * pool's first beat must already be written (the thread counts from now).
 */
export function startHeartbeatThread(data: HeartbeatThreadData): HeartbeatThread {
  const buffer = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
  const clocks = new BigInt64Array(buffer);
  const record = (slot: number) => Atomics.store(clocks, slot, BigInt(Date.now()));
  record(LOOP_AT);
  record(BEAT_AT);
  const thread = (shared ??= openThread(data.ioredisPath));
  const id = nextPoolId++;
  const post = (message: ToThread) => thread.worker.postMessage(message);
  post({ type: 'add', id, data, clocks: buffer });
  thread.pools++;
  let stopped = false;
  return {
    loopTurned: () => record(LOOP_AT),
    beatWritten: () => record(BEAT_AT),
    setHealthy(healthy) {
      if (!stopped) post({ type: 'health', id, healthy });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const removed = new Promise<void>((resolve) => thread.removals.set(id, resolve));
      post({ type: 'remove', id });
      thread.pools--;
      const last = thread.pools === 0;
      // The next pool to start gets a thread of its own rather than this ending one.
      if (last && shared === thread) shared = null;
      if (thread.alive) await boundedWait(removed, STOP_WAIT_MS);
      thread.removals.delete(id);
      if (!last) return;
      // Every pool is gone: end the thread. terminate() resolves once it has exited.
      await thread.worker.terminate();
    },
  };
}
