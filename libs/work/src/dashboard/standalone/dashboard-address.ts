/**
 * How the standalone dashboard's textual settings are read: a Redis given as a URL or host:port,
 * a listen address and a base path. Shared by `serveDashboard` and the `work dashboard` command.
 */
import { WorkConfigError } from '../../core/errors';

/** Accepts a redis:// URL or a bare host:port / :port (workwebui only took URLs: gocraft #18 et al.). */
export function redisUrlFrom(value: string): string {
  if (/^rediss?:\/\//i.test(value)) return value;
  const match = /^([^:/\s]*):(\d{1,5})$/.exec(value) ?? /^([^:/\s]+)()$/.exec(value);
  if (!match)
    throw new WorkConfigError(`redis must be a redis:// URL or host:port, got "${value}"`);
  return `redis://${match[1] || '127.0.0.1'}:${match[2] || '6379'}`;
}

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
