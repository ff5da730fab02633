/**
 * Starts the demo: `npm run demo`. Uses REDIS_URL when set; otherwise a Redis on 127.0.0.1:6379
 * if one answers, or a private redis-server it starts (and stops on exit).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { demoConfigFromEnv } from './demo.config';
import { resolveDemoRedis } from './demo-redis';

async function bootstrap(): Promise<void> {
  const redis = await resolveDemoRedis(process.env);
  process.env.REDIS_URL = redis.url;
  const config = demoConfigFromEnv(process.env);
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  app.getHttpServer().on('close', () => void redis.stop());
  // Loopback only unless HOST says otherwise: the demo's admin API has no authentication.
  await app.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${config.port}`;
  console.log(`demo listening on ${base} (Redis ${redis.url}, namespace "${config.namespace}")`);
  console.log(`dashboard: ${base}/admin/work/ui/  (JSON API: ${base}/admin/work/queues)`);
  console.log(`Prometheus metrics: ${base}/metrics`);
  console.log(
    `try: curl -X POST ${base}/emails -H 'content-type: application/json' -d '{"address":"a@b.c","subject":"hi","customer_id":4}'`,
  );
}

bootstrap().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
