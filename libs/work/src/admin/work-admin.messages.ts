/** The admin API's error texts, built in one place so routes, guard and docs stay consistent. */

/** 403 when `authorize` refused the request. */
export const NOT_AUTHORIZED = 'not authorized';

/** 403 for a mutating request a browser sent from another site (CSRF protection). */
export const CROSS_SITE_REFUSED =
  'cross-site request refused: mutating admin routes only accept same-origin browser requests';

/** 400 for a query or path parameter that does not parse. */
export function invalidParamMessage(param: string, expected: string, got: unknown): string {
  return `parameter "${param}" must be ${expected}, got ${JSON.stringify(got) ?? String(got)}`;
}

/** 400 when delete_queue is called without `?confirm=<job_name>`. */
export function confirmQueueDeletionMessage(name: string): string {
  return `deleting queue ${JSON.stringify(name)} needs ?confirm= set to the job name`;
}

/** 404 of GET jobs/:job_id. */
export function jobNotFoundMessage(id: string): string {
  return `no job with id ${JSON.stringify(id)} in retry, scheduled or dead (queues are not searched)`;
}
