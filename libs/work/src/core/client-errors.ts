/**
 * Errors of the {@link Client}'s operations on single jobs, typed so callers (the admin API) can
 * tell "nothing there" from "cannot do that to it".
 */

import { WorkError } from './errors';

/** Nothing matched: no member with that score and id (gocraft's ErrNotDeleted / ErrNotRetried). */
export class NotFoundError extends WorkError {
  override readonly name = 'NotFoundError';
}

/** The job exists but its name is not in known_jobs, so no worker pool would run it. */
export class UnknownJobError extends WorkError {
  override readonly name = 'UnknownJobError';
}

/** The job exists but Redis' cjson cannot re-encode it (a number such as 1e400), so it stays. */
export class UnencodableJobError extends WorkError {
  override readonly name = 'UnencodableJobError';
}

/** gocraft's ErrNotDeleted text. */
export const NOTHING_DELETED = 'nothing deleted';
/** gocraft's ErrNotRetried text. */
export const NOTHING_RETRIED = 'nothing retried';

/** Message of an operation that found no member: gocraft's text plus what was looked for. */
export function notFoundMessage(what: string, set: string, score: number, id: string): string {
  return `${what}: no job with id ${JSON.stringify(id)} at score ${score} in ${set}`;
}

/** Message of a retry or run-now refused because no pool registered the job's name. */
export function unknownJobMessage(set: string, score: number, id: string, kept: string): string {
  return (
    `job ${JSON.stringify(id)} at score ${score} in ${set} was not queued: its name is not in ` +
    `known_jobs, so no worker pool would run it; ${kept}. Start a worker pool that registers ` +
    'the name, then try again.'
  );
}

/** Message of a retry-by-name refused because no pool registered the name. */
export function unknownJobNameMessage(name: string): string {
  return (
    `dead jobs named ${JSON.stringify(name)} were not retried: the name is not in known_jobs, so ` +
    'no worker pool would run them. Start a worker pool that registers the name, then try again.'
  );
}

/** Message of a run-now refused because cjson cannot re-encode the member. */
export function unencodableJobMessage(set: string, score: number, id: string): string {
  return (
    `job ${JSON.stringify(id)} at score ${score} in ${set} was not queued: Redis' cjson cannot ` +
    're-encode it (a number out of double range, such as 1e400?). It is left where it was.'
  );
}
