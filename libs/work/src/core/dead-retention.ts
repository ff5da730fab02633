/**
 * Dead-set retention of a worker pool. It is off unless configured: the dead set of a namespace is
 * shared with every Go service in it, gocraft never trims it, and a trim cannot tell our dead jobs
 * from Go's (the members carry no owner). Deleting another service's failure records is
 * irreversible, while a dead set that grows is visible and one option away from bounded; so a pool
 * only trims when told to, and says so once at start when it was not told either way.
 */
import type { TrimDeadJobsOptions } from './client-types';

/**
 * The `deadRetention` option: limits to enforce, `true` for the defaults (10,000 jobs, 180 days),
 * `false` for none (gocraft's behaviour, and what an unset option means too).
 */
export type DeadRetentionOption = TrimDeadJobsOptions | boolean;

/** The message a pool logs at start when `deadRetention` was left unset. */
export function deadRetentionOffMessage(): string {
  return (
    'dead-set retention is off: the dead set keeps every job, as gocraft does, because Go ' +
    'services may share this namespace and a trim would delete their dead jobs too. Set ' +
    'deadRetention (true for 10,000 jobs / 180 days, or { maxJobs, maxAgeSeconds }) to trim it, ' +
    'or false to silence this line.'
  );
}
