/** Builds a registered job type: its handler (validating, for typed definitions) and its keys. */
import type Redis from 'ioredis';
import { JobDefinition, validateArgs } from './job-definition';
import type { ResolvedJobOptions } from './job-options';
import type { Keys } from './keys';
import { writeLimits } from './limit-watch';
import type { WorkLogger } from './logger';
import { encodePoolSettings } from './pool-settings';
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
 * What a pool writes at start (gocraft's Start): max_concurrency of every job (last pool wins,
 * with a warning when that replaces a different value), the names in known_jobs, and, ours, the
 * priority it gives each name (for dashboards) and its own settings under its id in pool_settings
 * (so the configured limits stay visible).
 */
export async function announceJobTypes<C>(
  redis: Redis,
  keys: Keys,
  poolId: string,
  types: readonly JobType<C>[],
  logger: WorkLogger,
): Promise<void> {
  const limits = limitsOf(types);
  const writes: Promise<unknown>[] = types.map((t) =>
    redis.set(keys.priority(t.name), String(t.priority)),
  );
  writes.push(writeLimits(redis, keys, limits, logger));
  writes.push(redis.sadd(keys.knownJobs, ...types.map((t) => t.name)));
  writes.push(
    redis.hset(
      keys.poolSettings,
      poolId,
      encodePoolSettings({ max_concurrency: Object.fromEntries(limits) }),
    ),
  );
  await Promise.all(writes);
}

/** The MaxConcurrency each job type configures, by name. */
export function limitsOf<C>(types: readonly JobType<C>[]): Map<string, number> {
  return new Map(types.map((t) => [t.name, t.options.maxConcurrency]));
}
