/** The admin API's error texts, built in one place so routes, guard and docs stay consistent. */

/** 403 when `authorize` refused the request. */
export const NOT_AUTHORIZED = 'not authorized';

/** 403 for a mutating request a browser sent from another site (CSRF protection). */
export const CROSS_SITE_REFUSED =
  'cross-site request refused: mutating admin routes only accept same-origin browser requests';

/** 403 for a Host the admin API is not meant to answer to (DNS rebinding protection). */
export function hostRefusedMessage(host: string | undefined): string {
  return `host ${JSON.stringify(host ?? '')} is not in allowedHosts: this server does not answer to that name (DNS rebinding protection)`;
}

/** 500 when the `authorize` hook threw; its message may hold secrets, so it goes to the log only. */
export const AUTHORIZE_FAILED = 'the authorize hook failed; the error is in the server log';

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
