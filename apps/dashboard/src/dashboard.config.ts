/**
 * The dashboard's settings from flags and environment variables, named like gocraft's
 * workwebui (`--redis`, `--ns`, `--listen`) plus `--base-path`. Flags win over the environment.
 */
import { parseArgs } from 'node:util';

/** Resolved settings of the dashboard app. */
export interface DashboardConfig {
  /** A redis:// (or rediss://) URL. */
  redisUrl: string;
  /** gocraft namespace to read. */
  namespace: string;
  /** Interface to bind. */
  host: string;
  /** TCP port (0 picks a free one). */
  port: number;
  /** Route prefix without slashes at either end; '' for the root. */
  basePath: string;
  /** Serve without any action: mutating API routes answer 403. */
  readOnly: boolean;
}

export const DASHBOARD_USAGE = `usage: npm run dashboard -- [--redis URL|HOST:PORT] [--ns NAMESPACE] [--listen HOST:PORT] [--base-path /PATH] [--read-only]
  --redis      Redis holding the jobs (env WORK_REDIS or REDIS_URL; default 127.0.0.1:6379)
  --ns         gocraft namespace (env WORK_NAMESPACE; default "work")
  --listen     address to serve on (env DASHBOARD_LISTEN; default 127.0.0.1:5040, loopback only)
  --base-path  path the dashboard lives under (env DASHBOARD_BASE_PATH; default /)
  --read-only  show jobs without any action; the API refuses every change (403)`;

/** Accepts a redis:// URL or a bare host:port / :port (workwebui only took URLs: gocraft #18 et al.). */
export function redisUrlFrom(value: string): string {
  if (/^rediss?:\/\//i.test(value)) return value;
  const match = /^([^:/\s]*):(\d{1,5})$/.exec(value) ?? /^([^:/\s]+)()$/.exec(value);
  if (!match) throw new Error(`--redis must be a redis:// URL or host:port, got "${value}"`);
  return `redis://${match[1] || '127.0.0.1'}:${match[2] || '6379'}`;
}

/** Splits `host:port`, `:port` or `port`. */
export function listenFrom(value: string): { host: string; port: number } {
  const match = /^(?:(.*):)?(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535)
    throw new Error(`--listen must be host:port (e.g. 127.0.0.1:5040), got "${value}"`);
  const host = (match[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { host: host || '127.0.0.1', port };
}

/** `/`, `/ops/work/` -> '', 'ops/work'. */
export function basePathFrom(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  if (!/^[A-Za-z0-9._~\-/]*$/.test(trimmed) || trimmed.includes('//')) {
    throw new Error(`--base-path must be a URL path such as /ops/work, got "${value}"`);
  }
  return trimmed;
}

/** Reads flags and environment; throws with a message that says what to fix. */
export function dashboardConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
): DashboardConfig & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      redis: { type: 'string' },
      ns: { type: 'string' },
      listen: { type: 'string' },
      'base-path': { type: 'string' },
      'read-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const namespace = values.ns ?? env.WORK_NAMESPACE ?? 'work';
  const { host, port } = listenFrom(values.listen ?? env.DASHBOARD_LISTEN ?? '127.0.0.1:5040');
  return {
    redisUrl: redisUrlFrom(values.redis ?? env.WORK_REDIS ?? env.REDIS_URL ?? '127.0.0.1:6379'),
    namespace,
    host,
    port,
    basePath: basePathFrom(values['base-path'] ?? env.DASHBOARD_BASE_PATH ?? '/'),
    readOnly: values['read-only'] ?? false,
    help: values.help ?? false,
  };
}
