/** Builds a registered job type: its handler (validating, for typed definitions) and its keys. */
import { JobDefinition, validateArgs } from './job-definition';
import type { ResolvedJobOptions } from './job-options';
import type { Keys } from './keys';
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
    handler: typeof target === 'string' || !target.validate ? handler : validatingHandler(target, handler),
    options,
    priority: options.priority,
    queueKey: keys.queue(name),
    inProgressKey: keys.inProgress(name, poolId),
    lockKey: keys.lock(name),
    lockInfoKey: keys.lockInfo(name),
  };
}

/** Wraps a handler so the definition's validator checks (and may transform) the args first. */
function validatingHandler<C>(definition: JobDefinition<any>, handler: JobHandler<C, any>): JobHandler<C> {
  return (job, ctx, signal) => {
    job.args = validateArgs(definition, job.args);
    return handler(job, ctx, signal);
  };
}
