/**
 * How the standalone dashboard's textual settings are read: a listen address and a base path
 * (the Redis address is core's `redisSourceFromAddress`). Shared by `serveDashboard` and the
 * `work dashboard` command.
 */
import { WorkConfigError } from '../../core/errors';

/** Splits `host:port`, `:port` or `port`. */
export function listenFrom(value: string): { host: string; port: number } {
  const match = /^(?:(.*):)?(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535)
    throw new WorkConfigError(`listen must be host:port (e.g. 127.0.0.1:5040), got "${value}"`);
  const host = (match[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { host: host || '127.0.0.1', port };
}

/** `/`, `/ops/work/` -> '', 'ops/work'. */
export function basePathFrom(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  if (!/^[A-Za-z0-9._~\-/]*$/.test(trimmed) || trimmed.includes('//')) {
    throw new WorkConfigError(`basePath must be a URL path such as /ops/work, got "${value}"`);
  }
  return trimmed;
}
