/** Metadata keys, injection tokens and user-facing messages of the Nest layer. */

/** Metadata key of @Job. */
export const WORK_JOB_METADATA = 'work:job';
/** Metadata key of @Middleware. */
export const WORK_MIDDLEWARE_METADATA = 'work:middleware';
/** Metadata key of @Periodic (a list: one method may carry several). */
export const WORK_PERIODIC_METADATA = 'work:periodic';
/** Metadata key of @OnJobEvent. */
export const WORK_EVENT_METADATA = 'work:event';
/** The name of the instance `forRoot` creates without a `name`. */
export const DEFAULT_WORK_INSTANCE = 'default';
/** Token of an instance's name, inside that instance's module. */
export const WORK_INSTANCE_NAME = 'WORK_INSTANCE_NAME';
/** Metadata key of @WorkInstance (on a class). */
export const WORK_INSTANCE_METADATA = 'work:instance';
/** Token of the validated options with defaults applied. */
export const WORK_RESOLVED_OPTIONS = 'WORK_RESOLVED_OPTIONS';
/** Token of the default instance's Redis connection `{ client, owned }` (owned or shared). */
export const WORK_REDIS = 'WORK_REDIS';

/*
 * Tokens private to one module instance: what the module's own classes inject. The public tokens
 * (the classes for the default instance, named tokens for the others) are aliases of these, so
 * two instances never both provide `Enqueuer`, and `app.get(Enqueuer)` means the default one.
 */
/** The instance's Redis connection `{ client, owned }`. */
export const WORK_CONNECTION = 'WORK_CONNECTION';
/** The instance's Enqueuer. */
export const WORK_ENQUEUER = 'WORK_ENQUEUER';
/** The instance's WorkerPool. */
export const WORK_POOL = 'WORK_POOL';
/** The instance's Client. */
export const WORK_CLIENT = 'WORK_CLIENT';
/** The instance's WorkEvents. */
export const WORK_EVENTS = 'WORK_EVENTS';
/** The instance's WorkHealthIndicator. */
export const WORK_HEALTH = 'WORK_HEALTH';
/** The instance's WorkMetrics (only with the `metrics` extra). */
export const WORK_METRICS = 'WORK_METRICS';

export function duplicateJobHandlerMessage(jobName: string, first: string, second: string): string {
  return `job "${jobName}" has two handlers: ${first} and ${second}. Give each @Job its own name.`;
}

export function requestScopedMessage(where: string): string {
  return `${where} is request-scoped (or depends on a request-scoped provider); jobs have no request, so its @Job, @Middleware, @Periodic and @OnJobEvent methods are ignored. Make it a singleton.`;
}

export function noSuchInstanceMessage(where: string, instance: string, known: string[]): string {
  const names = known.map((n) => `'${n}'`).join(', ');
  const mark =
    instance === 'default'
      ? 'has no @WorkInstance, and this app has no default WorkModule instance'
      : `is marked @WorkInstance('${instance}'), and no WorkModule instance has that name`;
  return `${where} ${mark} (instances: ${names}); its @Job, @Middleware, @Periodic and @OnJobEvent methods are ignored. Mark it with the name of an instance.`;
}

export function periodicWithoutHandlerMessage(jobName: string, spec: string): string {
  return `@Periodic('${spec}') enqueues job "${jobName}" but no @Job("${jobName}") handler is registered in this process; make sure another service handles it.`;
}
