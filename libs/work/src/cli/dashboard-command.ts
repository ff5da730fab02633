/**
 * `work dashboard`: the standalone dashboard from flags, with environment variables as fallbacks
 * (named like gocraft's workwebui: `--redis`, `--ns`, `--listen`, plus `--base-path`).
 */
import { parseArgs } from 'node:util';
import { serveDashboard, ServeDashboardOptions } from '../dashboard/standalone/serve-dashboard';

/** The command's help text. */
export const DASHBOARD_USAGE = `usage: work dashboard [--redis ADDRESS] [--redis-ca-file PEM] [--ns NAMESPACE] [--shards N] [--listen HOST:PORT] [--base-path /PATH]
  --redis      Redis holding the jobs: a redis:// or rediss:// URL, HOST:PORT, cluster://HOST:PORT,..
               or sentinel://HOST:PORT,../MASTER (env WORK_REDIS or REDIS_URL; default 127.0.0.1:6379)
  --redis-ca-file  PEM file of the CA that signed Redis' certificate (env WORK_REDIS_CA_FILE)
  --ns         gocraft namespace (env WORK_NAMESPACE; default "work")
  --shards     the namespace is sharded over N namespaces {NAMESPACE-0}..; show all (env WORK_SHARDS)
  --listen     address to serve on (env DASHBOARD_LISTEN; default 127.0.0.1:5040, loopback only)
  --base-path  path the dashboard lives under (env DASHBOARD_BASE_PATH; default /)
  --allowed-hosts  comma-separated host names answered besides the loopback names and the
               --listen host (env DASHBOARD_ALLOWED_HOSTS); any other Host gets 403`;

/** `--shards`: undefined when absent; serveDashboard checks the number. */
function shardsFrom(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--shards must be a whole number, got "${value}"`);
  return Number(value);
}

/** Flags first, then the environment; unknown flags throw. */
export function dashboardOptionsFrom(
  argv: string[],
  env: NodeJS.ProcessEnv,
): ServeDashboardOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      redis: { type: 'string' },
      'redis-ca-file': { type: 'string' },
      ns: { type: 'string' },
      shards: { type: 'string' },
      listen: { type: 'string' },
      'base-path': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  return {
    redis: values.redis ?? env.WORK_REDIS ?? env.REDIS_URL,
    redisCaFile: values['redis-ca-file'] ?? env.WORK_REDIS_CA_FILE,
    namespace: values.ns ?? env.WORK_NAMESPACE,
    shards: shardsFrom(values.shards ?? env.WORK_SHARDS),
    listen: values.listen ?? env.DASHBOARD_LISTEN,
    basePath: values['base-path'] ?? env.DASHBOARD_BASE_PATH,
    allowedHosts: (values['allowed-hosts'] ?? env.DASHBOARD_ALLOWED_HOSTS)?.split(','),
    help: values.help ?? false,
  };
}

/** Runs the command until the process is signalled; resolves with the exit code on a usage error. */
export async function runDashboardCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let options: ServeDashboardOptions & { help: boolean };
  try {
    options = dashboardOptionsFrom(argv, env);
  } catch (err) {
    console.error(`work dashboard: ${(err as Error).message}\n${DASHBOARD_USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(DASHBOARD_USAGE);
    return 0;
  }
  const served = await serveDashboard(options);
  served.app.enableShutdownHooks();
  console.log(`dashboard for namespace "${served.namespace}" on ${served.redis}`);
  console.log(`open ${served.url}  (UI ${served.url}api/ui/, JSON API ${served.url}api/queues)`);
  return 0;
}
