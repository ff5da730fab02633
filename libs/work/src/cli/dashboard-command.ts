/**
 * `work dashboard`: the standalone dashboard from flags, with environment variables as fallbacks
 * (named like gocraft's workwebui: `--redis`, `--ns`, `--listen`, plus `--base-path`).
 */
import { parseArgs } from 'node:util';
import { serveDashboard, ServeDashboardOptions } from '../dashboard/standalone/serve-dashboard';

/** The command's help text. */
export const DASHBOARD_USAGE = `usage: work dashboard [--redis URL|HOST:PORT] [--ns NAMESPACE] [--listen HOST:PORT] [--base-path /PATH]
  --redis      Redis holding the jobs (env WORK_REDIS or REDIS_URL; default 127.0.0.1:6379)
  --ns         gocraft namespace (env WORK_NAMESPACE; default "work")
  --listen     address to serve on (env DASHBOARD_LISTEN; default 127.0.0.1:5040, loopback only)
  --base-path  path the dashboard lives under (env DASHBOARD_BASE_PATH; default /)
  --allowed-hosts  comma-separated host names answered besides the loopback names and the
               --listen host (env DASHBOARD_ALLOWED_HOSTS); any other Host gets 403`;

/** Flags first, then the environment; unknown flags throw. */
export function dashboardOptionsFrom(
  argv: string[],
  env: NodeJS.ProcessEnv,
): ServeDashboardOptions & { help: boolean } {
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
  return {
    redis: values.redis ?? env.WORK_REDIS ?? env.REDIS_URL,
    namespace: values.ns ?? env.WORK_NAMESPACE,
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
