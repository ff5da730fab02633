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
  /** Host names the dashboard answers to (DNS rebinding protection). */
  allowedHosts: string[];
}

/** The names a loopback server is reached by; always allowed. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];

export const DASHBOARD_USAGE = `usage: npm run dashboard -- [--redis URL|HOST:PORT] [--ns NAMESPACE] [--listen HOST:PORT] [--base-path /PATH]
  --redis      Redis holding the jobs (env WORK_REDIS or REDIS_URL; default 127.0.0.1:6379)
  --ns         gocraft namespace (env WORK_NAMESPACE; default "work")
  --listen     address to serve on (env DASHBOARD_LISTEN; default 127.0.0.1:5040, loopback only)
  --base-path  path the dashboard lives under (env DASHBOARD_BASE_PATH; default /)
  --allowed-hosts  comma-separated host names the dashboard answers to besides the loopback
               names and the --listen host (env DASHBOARD_ALLOWED_HOSTS); others get 403`;

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

/**
 * The loopback names, the listen host unless it is a wildcard, and the extra names given: a
 * dashboard on 0.0.0.0 still refuses names nobody listed (a DNS rebinding page's).
 */
export function allowedHostsFrom(listenHost: string, extra: string): string[] {
  const names = new Set(LOOPBACK_HOSTS);
  if (listenHost !== '0.0.0.0' && listenHost !== '::') names.add(listenHost.toLowerCase());
  for (const name of extra.split(',')) if (name.trim()) names.add(name.trim().toLowerCase());
  return [...names];
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
      'allowed-hosts': { type: 'string' },
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
    allowedHosts: allowedHostsFrom(
      host,
      values['allowed-hosts'] ?? env.DASHBOARD_ALLOWED_HOSTS ?? '',
    ),
    help: values.help ?? false,
  };
}
