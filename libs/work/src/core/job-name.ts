/**
 * Which job names are safe. A job name is spliced into gocraft's keys: `NSjobs:<name>` is its
 * queue and `NSjobs:<name>:lock`, `:lock_info`, `:paused`, `:max_concurrency`, `:priority` and
 * `:<poolId>:inprogress` are its bookkeeping. A name ending in one of those suffixes would be
 * another name's bookkeeping key (the queue of `mail:lock` IS the lock of `mail`), and a pool
 * start or a fetch would overwrite it. Heartbeats list a pool's names joined by commas, so a
 * comma would split one name into two for every reaper, Go's included.
 */
import { invalidJobNameMessage, WorkConfigError } from './errors';

/** Key suffixes a job name must not end with: each is another name's bookkeeping key. */
export const RESERVED_JOB_NAME_SUFFIXES: readonly string[] = [
  ':lock',
  ':lock_info',
  ':paused',
  ':max_concurrency',
  ':priority',
  ':inprogress',
];

/** Why `name` cannot be a job name, or null when it can. */
export function jobNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name === '') return invalidJobNameMessage(name);
  if (name.includes(',')) {
    return `job name ${JSON.stringify(name)} contains a comma: pool heartbeats list job names separated by commas, so reapers would read it as two names`;
  }
  const suffix = RESERVED_JOB_NAME_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) {
    return `job name ${JSON.stringify(name)} ends with "${suffix}": its queue key would be the "${suffix.slice(1)}" key of job ${JSON.stringify(name.slice(0, -suffix.length))}, so the two would overwrite each other's data. Names must not end with ${RESERVED_JOB_NAME_SUFFIXES.join(', ')}`;
  }
  return null;
}

/** Throws WorkConfigError saying why `name` cannot be a job name. */
export function checkJobName(name: unknown): asserts name is string {
  const problem = jobNameProblem(name);
  if (problem) throw new WorkConfigError(problem);
}
