/**
 * Registers the library's Lua scripts on a client once (EVALSHA with an automatic EVAL fallback,
 * through ioredis' defineCommand) and gives them typed call sites.
 */
import type Redis from 'ioredis';
import type { ChainableCommander } from 'ioredis';
import { ACK_JOBS_LUA } from './ack-jobs.lua';
import { ENQUEUE_ONE_LUA } from './enqueue-one.lua';
import { ENQUEUE_UNIQUE_LUA } from './enqueue-unique.lua';
import { FETCH_JOBS_LUA } from './fetch-jobs.lua';
import { HAND_BACK_LUA } from './hand-back.lua';
import { HEARTBEAT_LUA } from './heartbeat.lua';
import { REAP_POOL_LUA } from './reap-pool.lua';
import { REQUEUE_DUE_LUA } from './requeue-due.lua';

const SCRIPTS = {
  workFetchJobs: FETCH_JOBS_LUA,
  workAckJobs: ACK_JOBS_LUA,
  workEnqueueOne: ENQUEUE_ONE_LUA,
  workEnqueueUnique: ENQUEUE_UNIQUE_LUA,
  workRequeueDue: REQUEUE_DUE_LUA,
  workReapPool: REAP_POOL_LUA,
  workHandBack: HAND_BACK_LUA,
  workHeartbeat: HEARTBEAT_LUA,
} as const;

/**
 * The scripts a pool needs to keep working, and to drain, when Redis reached maxmemory with
 * noeviction: they move jobs between lists and rewrite bookkeeping of bounded size, so they get
 * a second definition flagged allow-oom (Redis 7+). Enqueueing is what grows memory; it stays
 * refused while Redis is full.
 */
const OOM_TOLERANT: ReadonlyArray<keyof typeof SCRIPTS> = [
  'workFetchJobs',
  'workAckJobs',
  'workRequeueDue',
  'workReapPool',
  'workHandBack',
  'workHeartbeat',
];

/** The first line that lets a Redis 7 script run while Redis is out of memory. */
export const ALLOW_OOM_SHEBANG = '#!lua flags=allow-oom\n';

/** Connections whose server runs flagged scripts (Redis 7+): they call the allow-oom variants. */
const oomTolerant = new WeakSet<object>();

type Arg = string | Buffer | number;
type ScriptCall = (numKeys: number, ...args: Arg[]) => Promise<unknown>;

/** Defines every script on the client unless already defined (idempotent, per client). */
export function defineScripts(redis: Redis): void {
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    if (typeof (redis as unknown as Record<string, unknown>)[name] !== 'function') {
      redis.defineCommand(name, { lua });
      if (OOM_TOLERANT.includes(name as keyof typeof SCRIPTS))
        redis.defineCommand(`${name}Oom`, { lua: ALLOW_OOM_SHEBANG + lua });
    }
  }
}

/**
 * Makes this connection call the allow-oom variants of the pool's scripts. Only for a server that
 * understands script flags (Redis 7+); Redis 6.2 would refuse the first line.
 */
export function tolerateOutOfMemory(redis: Redis): void {
  oomTolerant.add(redis);
}

/** Whether a Redis version string is 7.0 or later (scripts may carry flags). */
export function supportsScriptFlags(version: string | null): boolean {
  const major = version ? Number(/^(\d+)\./.exec(version)?.[1]) : NaN;
  return major >= 7;
}

function call(
  redis: Redis | ChainableCommander,
  name: string,
  keys: Arg[],
  argv: Arg[],
  buffers = false,
): Promise<unknown> {
  const variant =
    oomTolerant.has(redis) && OOM_TOLERANT.includes(name as never) ? `${name}Oom` : name;
  const fn = (redis as unknown as Record<string, ScriptCall>)[
    buffers ? `${variant}Buffer` : variant
  ];
  return fn.call(redis, keys.length, ...keys, ...argv);
}

/** Runs the batch fetch script, returning payloads as Buffers (exact bytes for LREM). */
export function fetchJobs(
  redis: Redis,
  keys: string[],
  argv: Arg[],
): Promise<Array<Buffer | number>> {
  return call(redis, 'workFetchJobs', keys, argv, true) as Promise<Array<Buffer | number>>;
}

/** Runs the batch acknowledgement script. */
export function ackJobs(redis: Redis, keys: string[], argv: Arg[]): Promise<number> {
  return call(redis, 'workAckJobs', keys, argv) as Promise<number>;
}

/**
 * Pushes one job, adding `knownName` to known_jobs unless it is '' and announcing `name` on
 * `channel` unless it is ''; resolves to the queue's length.
 */
export function enqueueOne(
  redis: Redis,
  queue: string,
  knownJobs: string,
  payload: string,
  knownName: string,
  channel: string,
  name: string,
): Promise<number> {
  return call(
    redis,
    'workEnqueueOne',
    [queue, knownJobs],
    [payload, knownName, channel, name],
  ) as Promise<number>;
}

/** Runs the unique enqueue script; resolves to 'ok' or 'dup'. */
export function enqueueUnique(
  redis: Redis,
  target: string,
  uniqueKey: string,
  payload: string,
  ttlSeconds: number,
  runAt: number | '',
): Promise<'ok' | 'dup'> {
  return call(
    redis,
    'workEnqueueUnique',
    [target, uniqueKey],
    [payload, ttlSeconds, runAt],
  ) as Promise<'ok' | 'dup'>;
}

/** Moves due members of a zset to their queues; resolves to [moved, skipped, looked at]. */
export function requeueDue(
  redis: Redis,
  keys: string[],
  argv: Arg[],
): Promise<[number, number, number]> {
  return call(redis, 'workRequeueDue', keys, argv) as Promise<[number, number, number]>;
}

/** Claims and reaps a dead pool; resolves to the number of jobs handed back, or -1. */
export function reapPool(redis: Redis, keys: string[], argv: Arg[]): Promise<number> {
  return call(redis, 'workReapPool', keys, argv) as Promise<number>;
}

/** Hands jobs back to their queues; resolves to how many were still in progress. */
export function handBack(redis: Redis, keys: string[], argv: Arg[]): Promise<number> {
  return call(redis, 'workHandBack', keys, argv) as Promise<number>;
}

/** Writes a pool's heartbeat: `fields` are field, value pairs in gocraft's order. */
export function writeHeartbeat(
  redis: Redis,
  poolsKey: string,
  beatKey: string,
  poolId: string,
  fields: string[],
): Promise<unknown> {
  return call(redis, 'workHeartbeat', [poolsKey, beatKey], [poolId, ...fields]);
}
