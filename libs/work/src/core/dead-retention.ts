/**
 * Dead-set retention of a worker pool. It is off unless configured: the dead set of a namespace is
 * shared with every Go service in it, gocraft never trims it, and a trim cannot tell our dead jobs
 * from Go's (the members carry no owner). Deleting another service's failure records is
 * irreversible, while a dead set that grows is visible and one option away from bounded; so a pool
 * only trims when told to, and says so once at start when it was not told either way.
 */
import type { TrimDeadJobsOptions } from './client-types';
import { invalidOptionMessage, WorkConfigError } from './errors';
import type { WorkLogger } from './logger';

/**
 * The `deadRetention` option: limits to enforce, `true` for the defaults (10,000 jobs, 180 days),
 * `false` for none (gocraft's behaviour, and the default).
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

/** Checks the option at construction, naming it when it is wrong. */
export function checkDeadRetention(option: unknown): void {
  if (option === undefined || typeof option === 'boolean') return;
  const ok =
    typeof option === 'object' &&
    option !== null &&
    Object.entries(option).every(
      ([key, value]) =>
        (key === 'maxJobs' || key === 'maxAgeSeconds') &&
        (value === undefined ||
          value === Infinity ||
          (typeof value === 'number' && Number.isInteger(value) && value >= 0)),
    );
  if (!ok)
    throw new WorkConfigError(
      invalidOptionMessage(
        'deadRetention',
        'a boolean or { maxJobs?, maxAgeSeconds? } of non-negative integers',
        option,
      ),
    );
}

/** The limits a pool enforces, or null when it keeps every dead job (logging why, if unset). */
export function resolveDeadRetention(
  option: DeadRetentionOption | undefined,
  logger: WorkLogger,
): TrimDeadJobsOptions | null {
  if (option === undefined) {
    logger.log(deadRetentionOffMessage());
    return null;
  }
  if (option === false) return null;
  return option === true ? {} : option;
}
