/**
 * The Client's actions on one job of the retry, scheduled or dead set, addressed as a listing
 * shows it (its score and id), each failing with the typed error that says why nothing happened
 * (client-errors.ts); and the lookup of a job by id.
 */
import { retryDeadJobs } from './client-bulk';
import type { ClientContext } from './client-context';
import { knownQueues, zsetKeyOf } from './client-context';
import {
  NOTHING_DELETED,
  NOTHING_RETRIED,
  NotFoundError,
  notFoundMessage,
  UnencodableJobError,
  unencodableJobMessage,
  UnknownJobError,
  unknownJobMessage,
} from './client-errors';
import type { FoundJob, JobLocation, JobSet } from './client-types';
import { checkId, checkScore } from './client-validate';
import { findAtScore, findInZset } from './client-zsets';
import { deleteZsetJob, requeueZsetJob } from './lua/client-scripts';

/** Deletes the member with that score and id; returns it (raw), NotFoundError when there is none. */
export async function deleteJobAt(
  ctx: ClientContext,
  set: JobSet,
  score: number,
  id: string,
): Promise<string[]> {
  checkScore(score, 'score');
  checkId(id, true);
  const deleted = await deleteZsetJob(ctx.redis, zsetKeyOf(ctx.keys, set), score, id);
  if (deleted.length === 0)
    throw new NotFoundError(notFoundMessage(NOTHING_DELETED, set, score, id));
  return deleted;
}

/** Moves the dead job with that died-at and id to its queue; errors as Client.retryDeadJob says. */
export async function retryDeadJobAt(
  ctx: ClientContext,
  diedAt: number,
  id: string,
): Promise<void> {
  checkScore(diedAt, 'diedAt');
  checkId(id);
  const result = await retryDeadJobs(ctx, { id }, diedAt);
  if (result.requeued > 0) return;
  if (result.unknown > 0) {
    throw new UnknownJobError(
      unknownJobMessage('dead', diedAt, id, 'it stays in dead with an "unknown job" error'),
    );
  }
  if (result.unencodable > 0)
    throw new UnencodableJobError(unencodableJobMessage('dead', diedAt, id));
  throw new NotFoundError(notFoundMessage(NOTHING_RETRIED, 'dead', diedAt, id));
}

/**
 * Moves the scheduled or retry job with that score and id to its queue now, atomically. A retry
 * copy goes without its `unique` fields: it holds no unique key (it may be a newer duplicate's).
 */
export async function runJobNowAt(
  ctx: ClientContext,
  set: 'scheduled' | 'retry',
  score: number,
  id: string,
): Promise<void> {
  checkScore(score, 'score');
  checkId(id);
  const result = await requeueZsetJob(ctx.redis, zsetKeyOf(ctx.keys, set), await knownQueues(ctx), {
    jobsPrefix: ctx.keys.jobsPrefix,
    now: ctx.clock.nowSeconds(),
    score,
    id,
    dropUnique: set === 'retry',
  });
  if (result.moved > 0) return;
  if (result.unknown > 0)
    throw new UnknownJobError(unknownJobMessage(set, score, id, `it stays in ${set}`));
  if (result.unencodable > 0) throw new UnencodableJobError(unencodableJobMessage(set, score, id));
  throw new NotFoundError(notFoundMessage('nothing queued', set, score, id));
}

/** Finds a job by id at `at` if given and still there, else in retry, scheduled, then dead. */
export async function findJobById(
  ctx: ClientContext,
  id: string,
  at?: JobLocation,
): Promise<FoundJob | null> {
  checkId(id);
  if (at) {
    checkScore(at.score, 'score');
    const found = await findAtScore(ctx.redis, zsetKeyOf(ctx.keys, at.set), at.score, id);
    if (found) return { set: at.set, score: found.score, job: found.job };
  }
  for (const set of ['retry', 'scheduled', 'dead'] as const) {
    const found = await findInZset(ctx.redis, zsetKeyOf(ctx.keys, set), id);
    if (found) return { set, score: found.score, job: found.job };
  }
  return null;
}
