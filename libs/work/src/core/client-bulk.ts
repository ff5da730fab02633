/**
 * The Client's actions on a whole retry, scheduled or dead set, or on the part a filter selects:
 * retry, delete, run now. Each reads the set once by rank in bounded script calls (client-zsets.ts,
 * zsets.ts), so its cost stays linear however many members stay behind.
 */
import type { ClientContext } from './client-context';
import { knownQueues, releaseUniqueKeys, zsetKeyOf } from './client-context';
import type { JobSet, RetryDeadResult } from './client-types';
import { deleteMatchingLoop, retryDeadLoop } from './client-zsets';
import type { JobFilter } from './job-filter';
import type { DeadFilter } from './lua/client-scripts';
import { moveToQueues, resultOf } from './zsets';

/**
 * Retries the dead jobs `filter` selects, died at exactly `diedAt` or else at any time up to now.
 * One now for the whole loop, so jobs put back at now+5 fall outside the range (spec §4.8).
 */
export async function retryDeadJobs(
  ctx: ClientContext,
  filter: DeadFilter,
  diedAt?: number,
): Promise<RetryDeadResult> {
  const now = ctx.clock.nowSeconds();
  return retryDeadLoop(ctx.redis, {
    deadKey: ctx.keys.dead,
    knownQueues: await knownQueues(ctx),
    jobsPrefix: ctx.keys.jobsPrefix,
    now,
    min: diedAt ?? '-inf',
    max: diedAt ?? now,
    filter,
  });
}

/** Deletes a whole set with UNLINK (freed in the background); returns how many jobs it held. */
export async function deleteWholeSet(ctx: ClientContext, set: JobSet): Promise<number> {
  const key = zsetKeyOf(ctx.keys, set);
  const reply = await ctx.redis.multi().zcard(key).unlink(key).exec();
  return resultOf(reply, 0) as number;
}

/**
 * Deletes the jobs of a set that a (non-empty) filter selects; returns how many. Deleted
 * scheduled unique jobs release their unique key.
 */
export function deleteFilteredJobs(
  ctx: ClientContext,
  set: JobSet,
  filter: JobFilter,
): Promise<number> {
  return deleteMatchingLoop(ctx.redis, zsetKeyOf(ctx.keys, set), filter, async (members) => {
    if (set === 'scheduled') await releaseUniqueKeys(ctx, members);
  });
}

/** Moves the jobs of the retry or scheduled set that `filter` selects to their queues now. */
export async function runJobsNow(
  ctx: ClientContext,
  set: 'retry' | 'scheduled',
  filter: JobFilter,
): Promise<{ moved: number; left: number }> {
  const now = ctx.clock.nowSeconds();
  const { moved, offset } = await moveToQueues(ctx.redis, ctx.keys, zsetKeyOf(ctx.keys, set), {
    upTo: '+inf',
    now,
    offset: 0,
    maxLooked: Infinity,
    jobNames: [],
    filter,
  });
  return { moved, left: offset };
}
