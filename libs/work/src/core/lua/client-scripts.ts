/**
 * Registers the Client's Lua scripts on a connection (ioredis defineCommand: EVALSHA with an EVAL
 * fallback) and gives them typed call sites. Kept apart from `./index.ts` so the client's
 * scripts are only loaded on connections that administer jobs.
 */
import type Redis from 'ioredis';
import { DELETE_ZSET_JOB_LUA } from './delete-zset-job.lua';
import { REQUEUE_ZSET_JOB_LUA } from './requeue-zset-job.lua';
import { RETRY_DEAD_JOBS_LUA } from './retry-dead-jobs.lua';

const CLIENT_SCRIPTS = {
  workDeleteZsetJob: DELETE_ZSET_JOB_LUA,
  workRetryDeadJobs: RETRY_DEAD_JOBS_LUA,
  workRequeueZsetJob: REQUEUE_ZSET_JOB_LUA,
} as const;

type Arg = string | number;
type ScriptCall = (numKeys: number, ...args: Arg[]) => Promise<unknown>;

/** Defines the client's scripts on `redis` unless already defined (idempotent, per connection). */
export function defineClientScripts(redis: Redis): void {
  for (const [name, lua] of Object.entries(CLIENT_SCRIPTS)) {
    if (typeof (redis as unknown as Record<string, unknown>)[name] !== 'function') {
      redis.defineCommand(name, { lua });
    }
  }
}

function call(
  redis: Redis,
  name: keyof typeof CLIENT_SCRIPTS,
  keys: string[],
  argv: Arg[],
): Promise<unknown> {
  const fn = (redis as unknown as Record<string, ScriptCall>)[name];
  return fn.call(redis, keys.length, ...keys, ...argv);
}

/** Deletes the members of `zset` at `score` whose id is `id`; resolves to their exact bytes. */
export function deleteZsetJob(
  redis: Redis,
  zset: string,
  score: number,
  id: string,
): Promise<string[]> {
  return call(redis, 'workDeleteZsetJob', [zset], [score, id]) as Promise<string[]>;
}

/** Which dead jobs one {@link retryDeadBatch} call considers. */
export type DeadFilter =
  { kind: 'all' } | { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** What one {@link retryDeadBatch} call did. */
export interface DeadBatchResult {
  /** Jobs pushed to their queues. */
  requeued: number;
  /** Members read. */
  scanned: number;
  /** Members left where they were (filtered out or unusable); the next batch skips past them. */
  kept: number;
  /** Jobs of names missing from known_jobs, put back in dead at now+5. */
  unknown: number;
  /** Matching jobs left in dead because cjson cannot re-encode them (also counted in kept). */
  unencodable: number;
}

/** The keys and fixed values of a dead-job retry. */
export interface DeadBatchRequest {
  /** `NSdead`. */
  deadKey: string;
  /** Queue keys of every known job name. */
  knownQueues: string[];
  /** `NSjobs:`. */
  jobsPrefix: string;
  /** Epoch seconds, fixed for the whole retry. */
  now: number;
  /** Lowest died-at, inclusive, or '-inf'. */
  min: number | string;
  /** Highest died-at, inclusive. */
  max: number | string;
  /** Which members to retry. */
  filter: DeadFilter;
}

/** Runs one batch of the dead-retry script over `[offset, offset + limit)` of the range. */
export async function retryDeadBatch(
  redis: Redis,
  req: DeadBatchRequest,
  offset: number,
  limit: number,
): Promise<DeadBatchResult> {
  const f = req.filter;
  const value = f.kind === 'id' ? f.id : f.kind === 'name' ? f.name : '';
  const reply = (await call(
    redis,
    'workRetryDeadJobs',
    [req.deadKey, ...req.knownQueues],
    [req.jobsPrefix, req.now, req.min, req.max, offset, limit, f.kind, value],
  )) as number[];
  return {
    requeued: reply[0],
    scanned: reply[1],
    kept: reply[2],
    unknown: reply[3],
    unencodable: reply[4],
  };
}

/** What one {@link requeueZsetJob} call did. */
export interface RequeueResult {
  /** Members pushed to their queue. */
  moved: number;
  /** Matching members left in place because their name is not in known_jobs. */
  unknown: number;
  /** Matching members left in place because cjson cannot re-encode them. */
  unencodable: number;
}

/** Moves the member of `zset` at `score` with job id `id` to its queue now. */
export async function requeueZsetJob(
  redis: Redis,
  zset: string,
  knownQueues: string[],
  argv: { jobsPrefix: string; now: number; score: number; id: string; dropUnique: boolean },
): Promise<RequeueResult> {
  const reply = (await call(
    redis,
    'workRequeueZsetJob',
    [zset, ...knownQueues],
    [argv.jobsPrefix, argv.now, argv.score, argv.id, argv.dropUnique ? '1' : '0'],
  )) as number[];
  return { moved: reply[0], unknown: reply[1], unencodable: reply[2] };
}
