/** Providers of the Redis connection and the core services, built from the resolved options. */
import { Logger, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { Client, Enqueuer, WorkerPool } from './core';
import { isRedisClient } from './core/redis-connection';
import { WORK_REDIS, WORK_RESOLVED_OPTIONS } from './work.constants';
import type { WorkModuleOptions } from './work.interfaces';
import { WORK_MODULE_OPTIONS } from './work.module-definition';
import { resolveWorkOptions, ResolvedWorkOptions } from './work.options';
import { WorkEvents } from './work-events';

/** The Redis connection and whether the module owns it. */
export interface WorkRedis {
  client: Redis;
  owned: boolean;
}

export const workProviders: Provider[] = [
  {
    provide: WORK_RESOLVED_OPTIONS,
    useFactory: (options: WorkModuleOptions) => resolveWorkOptions(options, new Logger('Work')),
    inject: [WORK_MODULE_OPTIONS],
  },
  {
    provide: WORK_REDIS,
    useFactory: ({ engine }: ResolvedWorkOptions): WorkRedis => {
      if (isRedisClient(engine.redis)) return { client: engine.redis, owned: false };
      // Lazy: compiling a module opens no socket; the first command connects.
      const client =
        typeof engine.redis === 'string'
          ? new Redis(engine.redis, { lazyConnect: true })
          : new Redis({ ...engine.redis, lazyConnect: true });
      let reported = false;
      client.on('error', (err: Error) => {
        if (!reported)
          engine.logger.error(
            `Redis connection error (reported once until it recovers): ${err.message}`,
          );
        reported = true;
      });
      client.on('ready', () => (reported = false));
      return { client, owned: true };
    },
    inject: [WORK_RESOLVED_OPTIONS],
  },
  {
    provide: Enqueuer,
    useFactory: ({ engine, strictArgs }: ResolvedWorkOptions, redis: WorkRedis) =>
      new Enqueuer({
        namespace: engine.namespace,
        redis: redis.client,
        logger: engine.logger,
        tracing: engine.tracing,
        strictArgs,
      }),
    inject: [WORK_RESOLVED_OPTIONS, WORK_REDIS],
  },
  {
    provide: WorkerPool,
    useFactory: (options: ResolvedWorkOptions, redis: WorkRedis) =>
      new WorkerPool({
        ...options.engine,
        redis: redis.client,
        concurrency: options.runPool ? options.engine.concurrency : 0,
      }),
    inject: [WORK_RESOLVED_OPTIONS, WORK_REDIS],
  },
  {
    provide: Client,
    useFactory: ({ engine }: ResolvedWorkOptions, redis: WorkRedis) =>
      new Client({ namespace: engine.namespace, redis: redis.client, logger: engine.logger }),
    inject: [WORK_RESOLVED_OPTIONS, WORK_REDIS],
  },
  WorkEvents,
];
