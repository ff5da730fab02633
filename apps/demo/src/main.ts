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
  const config = { ...demoConfigFromEnv(process.env), redisUrl: redis.url };
  const app = await NestFactory.create(AppModule.forConfig(config));
  app.enableShutdownHooks();
  app.getHttpServer().on('close', () => void redis.stop());
  await app.listen(config.port);
  console.log(`demo listening on http://127.0.0.1:${config.port} (Redis ${redis.url}, namespace "${config.namespace}")`);
  console.log(`try: curl -X POST localhost:${config.port}/emails -H 'content-type: application/json' -d '{"address":"a@b.c"}'`);
}

bootstrap().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
