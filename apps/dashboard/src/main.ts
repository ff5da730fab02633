/**
 * The standalone dashboard as an app of this repository, configured by environment variables
 * (for a container or a process manager): WORK_REDIS or REDIS_URL, WORK_NAMESPACE,
 * DASHBOARD_LISTEN, DASHBOARD_BASE_PATH, DASHBOARD_READ_ONLY=1. The same server is the package's
 * `work dashboard` command.
 */
import 'reflect-metadata';
import { serveDashboard } from 'nestjs-gocraft-work';

async function bootstrap(): Promise<void> {
  const env = process.env;
  const served = await serveDashboard({
    redis: env.WORK_REDIS ?? env.REDIS_URL,
    namespace: env.WORK_NAMESPACE,
    listen: env.DASHBOARD_LISTEN,
    basePath: env.DASHBOARD_BASE_PATH,
    readOnly: env.DASHBOARD_READ_ONLY === '1',
    report: (line) => console.log(line),
  });
  served.app.enableShutdownHooks();
  console.log(`dashboard for namespace "${served.namespace}" on ${served.redis}: ${served.url}`);
}

bootstrap().catch((err: Error) => {
  console.error(`dashboard: ${err.message}`);
  process.exit(1);
});
