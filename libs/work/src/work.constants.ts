/** Metadata keys, injection tokens and user-facing messages of the Nest layer. */

/** Metadata key of @Job. */
export const WORK_JOB_METADATA = 'work:job';
/** Metadata key of @Middleware. */
export const WORK_MIDDLEWARE_METADATA = 'work:middleware';
/** Metadata key of @Periodic (a list: one method may carry several). */
export const WORK_PERIODIC_METADATA = 'work:periodic';
/** Metadata key of @OnJobEvent. */
export const WORK_EVENT_METADATA = 'work:event';
/** Token of the validated options with defaults applied. */
export const WORK_RESOLVED_OPTIONS = 'WORK_RESOLVED_OPTIONS';
/** Token of the Redis client the module uses (owned or shared). */
export const WORK_REDIS = 'WORK_REDIS';

export function duplicateJobHandlerMessage(jobName: string, first: string, second: string): string {
  return `job "${jobName}" has two handlers: ${first} and ${second}. Give each @Job its own name.`;
}

export function requestScopedMessage(where: string): string {
  return `${where} is request-scoped (or depends on a request-scoped provider); jobs have no request, so its @Job, @Middleware, @Periodic and @OnJobEvent methods are ignored. Make it a singleton.`;
}

export function periodicWithoutHandlerMessage(jobName: string, spec: string): string {
  return `@Periodic('${spec}') enqueues job "${jobName}" but no @Job("${jobName}") handler is registered in this process; make sure another service handles it.`;
}
