/**
 * The command timeout and socket timeout (liveness check) of every connection the library opens,
 * standalone or to each node of a Cluster.
 */
import type { RedisOptions } from 'ioredis';
import { invalidOptionMessage, WorkConfigError } from './errors';

/**
 * Default ioredis `commandTimeout` of the connections we open: a command without a reply after
 * this long rejects ("Command timed out"), so no call into the library waits on Redis for ever.
 * Our longest scripts (a reap, a 1,000-job acknowledgement) take milliseconds.
 */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;

/**
 * Default ioredis `socketTimeout` of the connections we open: a connection that receives no byte
 * for this long while it awaits a reply is closed and reopened. That is the liveness check that
 * replaces a stalled (half-open) connection, which TCP alone may not notice for many minutes.
 */
export const DEFAULT_SOCKET_TIMEOUT_MS = 10_000;

/**
 * The connection options we add to a URL or ioredis options: the two timeouts above unless the
 * caller set them (0 turns one off). Throws WorkConfigError naming a timeout that is not a
 * non-negative number of milliseconds.
 */
export function timeoutOptions(source: string | RedisOptions): RedisOptions {
  const given = typeof source === 'string' ? {} : source;
  return {
    commandTimeout: timeoutOf(given, 'commandTimeout', DEFAULT_COMMAND_TIMEOUT_MS),
    socketTimeout: timeoutOf(given, 'socketTimeout', DEFAULT_SOCKET_TIMEOUT_MS),
  };
}

function timeoutOf(
  options: RedisOptions,
  name: 'commandTimeout' | 'socketTimeout',
  fallback: number,
): number | undefined {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new WorkConfigError(
      invalidOptionMessage(`redis.${name}`, 'a number of milliseconds (0 for none)', value),
    );
  }
  return value === 0 ? undefined : value;
}
