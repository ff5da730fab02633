/**
 * Bulk operations on gocraft's zsets (retry, scheduled, dead) shared by the background processes
 * and the Client: moving members to their queues (the requeuers, "run all now") and trimming the
 * dead set (retention, trimDeadJobs). Each is bounded per round trip.
 */
import type Redis from 'ioredis';
import type { TrimDeadJobsResult } from './client-types';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';
import { JobFilter, termOf } from './job-filter';
import { requeueDue } from './lua';
import { WorkError } from './errors';

/** Members looked at per requeue script call. */
const REQUEUE_BATCH = 100;

/** How far {@link moveToQueues} goes. */
export interface MoveToQueuesOptions {
  /** Highest score to move: now for due jobs, '+inf' for everything. */
  upTo: number | '+inf';
  /** Written as the moved jobs' `t`. */
  now: number;
  /** Members known to stay, skipped without reading. */
  offset: number;
  /** Stop after looking at this many members (Infinity: the whole range). */
  maxLooked: number;
  /** Names moved even when missing from known_jobs. */
  jobNames: readonly string[];
  /** Only members this filter selects (the client's filtered "run now"); default: all. */
  filter?: JobFilter;
}

/**
 * Moves members of `zset` scored up to `upTo` to their queues, in script calls of 100, skipping
 * the ones that must stay (read by rank, so they are never walked again). Resolves to how many moved and the offset past the ones that stayed.
 */
export async function moveToQueues(
  redis: Redis,
  keys: Keys,
  zset: string,
  options: MoveToQueuesOptions,
): Promise<{ moved: number; offset: number }> {
  let { offset } = options;
  let looked = 0;
  let moved = 0;
  while (looked < options.maxLooked) {
    const [m, skipped, seen] = await requeueDue(
      redis,
      [zset, keys.knownJobs],
      [
        keys.jobsPrefix,
        options.upTo,
        offset,
        REQUEUE_BATCH,
        keys.wakeChannel,
        options.now,
        options.filter?.name ?? '',
        termOf(options.filter),
        ...options.jobNames,
      ],
    );
    moved += m;
    offset += skipped;
    looked += seen;
    if (seen < REQUEUE_BATCH) break;
  }
  return { moved, offset };
}

/** Limits of {@link trimDeadSet}; Infinity disables one. */
export interface DeadSetLimits {
  /** Newest dead jobs to keep. */
  readonly maxJobs: number;
  /** Dead jobs whose died-at is at or before `now` minus this are removed. */
  readonly maxAgeSeconds: number;
}

/**
 * Removes dead jobs that died at or before `now - maxAgeSeconds`, then all but the newest
 * `maxJobs`, in one MULTI (each step O(log n + removed)); logs a line when it removed any.
 */
export async function trimDeadSet(
  redis: Redis,
  keys: Keys,
  now: number,
  limits: DeadSetLimits,
  logger: WorkLogger,
): Promise<TrimDeadJobsResult> {
  const cutoff = limits.maxAgeSeconds === Infinity ? null : now - limits.maxAgeSeconds;
  const maxJobs = limits.maxJobs === Infinity ? null : limits.maxJobs;
  const tx = redis.multi();
  if (cutoff !== null) tx.zremrangebyscore(keys.dead, '-inf', cutoff);
  if (maxJobs !== null) tx.zremrangebyrank(keys.dead, 0, -maxJobs - 1);
  const reply = await tx.exec();
  let i = 0;
  const removedByAge = cutoff !== null ? (resultOf(reply, i++) as number) : 0;
  const removedByCount = maxJobs !== null ? (resultOf(reply, i++) as number) : 0;
  const removed = removedByAge + removedByCount;
  if (removed > 0)
    logger.log(
      `trimmed ${removed} dead job(s) (${removedByAge} by age, ${removedByCount} by count)`,
    );
  return { removedByAge, removedByCount };
}

/** The value of one MULTI reply, throwing the command's own error if it failed. */
export function resultOf(reply: [Error | null, unknown][] | null, index: number): unknown {
  if (!reply) throw new WorkError('Redis transaction was aborted');
  const [err, value] = reply[index];
  if (err) throw err;
  return value;
}
