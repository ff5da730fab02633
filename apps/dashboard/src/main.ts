/**
 * The dashboard app, gocraft's workwebui successor: reads a namespace without running a pool.
 * `npm run dashboard -- --redis 127.0.0.1:6379 --ns work` (see docs/dashboard.md).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { watchRedisAtStart } from 'nestjs-gocraft-work';
import { dashboardConfig, DASHBOARD_USAGE } from './dashboard.config';
import { DashboardModule } from './dashboard.module';

async function bootstrap(): Promise<void> {
  const config = dashboardConfig(process.argv.slice(2), process.env);
  if (config.help) {
    console.log(DASHBOARD_USAGE);
    return;
  }
  const app = await NestFactory.create(DashboardModule.forConfig(config), {
    logger: ['error', 'warn'],
  });
  if (config.basePath) app.setGlobalPrefix(config.basePath);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number };
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `http://${host}:${address.port}/${config.basePath ? `${config.basePath}/` : ''}`;
  const shownRedis = config.redisUrl.replace(/\/\/[^@/]*@/, '//***@');
  console.log(
    `dashboard for namespace "${config.namespace}" on ${shownRedis}${config.readOnly ? ' (read-only)' : ''}`,
  );
  console.log(`open ${base}  (JSON API ${base}api/queues)`);
  const stopWatching = await watchRedisAtStart(config.redisUrl, shownRedis, (line) =>
    console.log(line),
  );
  app.getHttpServer().on('close', stopWatching);
}

bootstrap().catch((err: Error) => {
  console.error(`dashboard: ${err.message}`);
  console.error(DASHBOARD_USAGE);
  process.exit(1);
});
