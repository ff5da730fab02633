/**
 * Registers the Client's Lua scripts on a connection (ioredis defineCommand: EVALSHA with an EVAL
 * fallback) and gives them typed call sites. Kept apart from `./index.ts` so the client's
 * scripts are only loaded on connections that administer jobs.
 */
import type Redis from 'ioredis';
import { DELETE_MATCHING_LUA } from './delete-matching.lua';
import { DELETE_ZSET_JOB_LUA } from './delete-zset-job.lua';
import { REQUEUE_ZSET_JOB_LUA } from './requeue-zset-job.lua';
import { RETRY_DEAD_JOBS_LUA } from './retry-dead-jobs.lua';
import { SCAN_ZSET_LUA } from './scan-zset.lua';
import { JobFilter, termOf } from '../job-filter';

const CLIENT_SCRIPTS = {
  workDeleteZsetJob: DELETE_ZSET_JOB_LUA,
  workRetryDeadJobs: RETRY_DEAD_JOBS_LUA,
  workRequeueZsetJob: REQUEUE_ZSET_JOB_LUA,
  workScanZset: SCAN_ZSET_LUA,
  workDeleteMatching: DELETE_MATCHING_LUA,
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

/** Which dead jobs one {@link retryDeadBatch} call considers: a filter, optionally one id. */
export type DeadFilter = JobFilter & { id?: string };

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
  const reply = (await call(
    redis,
    'workRetryDeadJobs',
    [req.deadKey, ...req.knownQueues],
    [req.jobsPrefix, req.now, req.min, req.max, offset, limit, f.id ?? '', f.name ?? '', termOf(f)],
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

/** What one {@link scanZset} step found. */
export interface ScanStep {
  /** Members read; the next step starts this much further. */
  read: number;
  /** Members among them the filter selects. */
  matched: number;
  /** The returned matches as stored, with their scores. */
  members: Array<{ member: string; score: number }>;
}

/** Reads up to `count` members from `position` (from the `order` end), keeping up to `want` matches. */
export async function scanZset(
  redis: Redis,
  zset: string,
  step: { position: number; count: number; order: 'asc' | 'desc'; want: number },
  filter: JobFilter,
): Promise<ScanStep> {
  const reply = (await call(
    redis,
    'workScanZset',
    [zset],
    [step.position, step.count, step.order, filter.name ?? '', termOf(filter), step.want],
  )) as Array<string | number>;
  const members: ScanStep['members'] = [];
  for (let i = 2; i < reply.length; i += 2)
    members.push({ member: String(reply[i]), score: Number(reply[i + 1]) });
  return { read: Number(reply[0]), matched: Number(reply[1]), members };
}

/** Deletes the members the filter selects among `count` read from rank `offset`. */
export async function deleteMatching(
  redis: Redis,
  zset: string,
  offset: number,
  count: number,
  filter: JobFilter,
): Promise<{ read: number; kept: number; deleted: string[] }> {
  const reply = (await call(
    redis,
    'workDeleteMatching',
    [zset],
    [offset, count, filter.name ?? '', termOf(filter)],
  )) as Array<string | number>;
  return {
    read: Number(reply[0]),
    kept: Number(reply[1]),
    deleted: reply.slice(2).map(String),
  };
}
