/** Builds a registered job type: its handler (validating, for typed definitions) and its keys. */
import type Redis from 'ioredis';
import { JobDefinition, validateArgs } from './job-definition';
import type { ResolvedJobOptions } from './job-options';
import type { Keys } from './keys';
import { announceJobTypesScript } from './lua';
import type { JobHandler } from './run';
import type { JobType } from './worker';

/** A job type for `target`, with the keys of `poolId`'s in-progress list. */
export function makeJobType<C>(
  keys: Keys,
  poolId: string,
  target: string | JobDefinition<any>,
  handler: JobHandler<C, any>,
  options: ResolvedJobOptions,
): JobType<C> {
  const name = typeof target === 'string' ? target : target.name;
  return {
    name,
    handler:
      typeof target === 'string' || !target.validate ? handler : validatingHandler(target, handler),
    options,
    priority: options.priority,
    queueKey: keys.queue(name),
    inProgressKey: keys.inProgress(name, poolId),
    lockKey: keys.lock(name),
    lockInfoKey: keys.lockInfo(name),
  };
}

/** Wraps a handler so the definition's validator checks (and may transform) the args first. */
function validatingHandler<C>(
  definition: JobDefinition<any>,
  handler: JobHandler<C, any>,
): JobHandler<C> {
  return (job, ctx, signal) => {
    job.args = validateArgs(definition, job.args);
    return handler(job, ctx, signal);
  };
}

/** The fetch script's six keys per job type: queue, inprogress, paused, lock, lock_info, max_concurrency. */
export function fetchKeysOf<C>(keys: Keys, types: readonly JobType<C>[]): string[] {
  return types.flatMap((t) => [
    t.queueKey,
    t.inProgressKey,
    keys.paused(t.name),
    t.lockKey,
    t.lockInfoKey,
    keys.maxConcurrency(t.name),
  ]);
}

/**
 * What a pool writes at start (gocraft's Start): max_concurrency of every job (last pool wins),
 * the names in known_jobs, and, ours, the priority it gives each name (for dashboards). One
 * script, so that it can run on a full Redis (see `tolerateOutOfMemory`).
 */
export async function announceJobTypes<C>(
  redis: Redis,
  keys: Keys,
  types: readonly JobType<C>[],
): Promise<void> {
  await announceJobTypesScript(
    redis,
    [keys.knownJobs, ...types.flatMap((t) => [keys.maxConcurrency(t.name), keys.priority(t.name)])],
    types.flatMap((t) => [t.name, String(t.options.maxConcurrency), String(t.priority)]),
  );
}
