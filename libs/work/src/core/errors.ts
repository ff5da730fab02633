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
  return `args of job "${jobName}" cannot be encoded as JSON: ${cause.message}. Args must be plain JSON data: no NaN, Infinity, cycles, Map, Set, invalid Date, function or symbol.`;
}

/**
 * A Redis command failed or got no reply in time (Redis down, stalled, or out of memory). The
 * message says which operation failed and what Redis said; `cause` is the ioredis error.
 */
export class RedisUnavailableError extends WorkError {
  override readonly name = 'RedisUnavailableError';
}

/** Whether Redis refused a write because it reached maxmemory with the noeviction policy. */
export function isOutOfMemory(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  // A refused MULTI reports EXECABORT; ioredis keeps the queued commands' errors beside it.
  const previous = (err as { previousErrors?: unknown[] }).previousErrors ?? [];
  return /\bOOM\b/.test(err.message) || previous.some(isOutOfMemory);
}

/**
 * Whether an error means Redis cannot answer right now (down, stalled past the command timeout,
 * out of memory) rather than a bad request: the admin API answers 503 for these.
 */
export function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof RedisUnavailableError || isOutOfMemory(err)) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    err.message === 'Command timed out' ||
    err.message === 'Connection is closed.' ||
    (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND)$/.test(code))
  );
}

/** Message of an operation that Redis failed, naming the fault and whether anything was written. */
export function redisFailureMessage(action: string, err: Error): string {
  if (isOutOfMemory(err)) {
    return `${action} failed: Redis is out of memory (maxmemory reached with the noeviction policy) and refused the write, so nothing was written. Free memory or raise maxmemory.`;
  }
  if (err.message === 'Command timed out') {
    return `${action} failed: Redis did not answer within the command timeout (redis.commandTimeout); it is stalled, overloaded or unreachable, and the write may or may not have been applied.`;
  }
  if (err.name === 'ReplyError') return `${action} failed: Redis refused it (${err.message}).`;
  return `${action} failed: Redis could not be reached (${err.message}).`;
}

export function invalidDelayMessage(jobName: string, seconds: unknown, maxSeconds: number): string {
  return `secondsFromNow for job "${jobName}" must be a number of seconds between -${maxSeconds} and ${maxSeconds} (100 years), got ${JSON.stringify(seconds)}`;
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
