/**
 * User-facing error messages, one small function each, saying what was wrong and how to fix it.
 */

/**
 * The base class of every error this library throws, so `err instanceof WorkError` tells a
 * library error from any other. Each subclass keeps its own `name`.
 */
export class WorkError extends Error {
  override name = 'WorkError';
}

/** Raised for invalid arguments or options; the message names the offending field. */
export class WorkConfigError extends WorkError {
  override readonly name = 'WorkConfigError';
}

export function invalidJobNameMessage(name: unknown): string {
  return `job name must be a non-empty string, got ${JSON.stringify(name)}`;
}

export function invalidArgsMessage(jobName: string, args: unknown): string {
  const kind = Array.isArray(args) ? 'an array' : typeof args;
  return `args of job "${jobName}" must be a plain object or null (gocraft args are a JSON object), got ${kind}`;
}

export function unencodableArgsMessage(jobName: string, cause: Error): string {
  return `args of job "${jobName}" cannot be encoded as JSON: ${cause.message}. Replace NaN, Infinity and cyclic values before enqueueing.`;
}

export function invalidDelayMessage(jobName: string, seconds: unknown): string {
  return `secondsFromNow for job "${jobName}" must be a finite number of seconds, got ${JSON.stringify(seconds)}`;
}

export function invalidPriorityMessage(jobName: string, priority: unknown): string {
  return `JobOptions.priority of job "${jobName}" must be an integer between 1 and 100000, got ${JSON.stringify(priority)}`;
}

export function invalidOptionMessage(option: string, expected: string, got: unknown): string {
  return `${option} must be ${expected}, got ${JSON.stringify(got)}`;
}

export function duplicateJobMessage(jobName: string): string {
  return `job "${jobName}" is registered twice on the same worker pool; give each handler its own job name`;
}

export function registerAfterStartMessage(what: string): string {
  return `cannot register ${what} after the worker pool started; register every job and middleware before start()`;
}

export function timeoutMessage(jobName: string, timeoutMs: number): string {
  return `job "${jobName}" timed out after ${timeoutMs} ms`;
}
