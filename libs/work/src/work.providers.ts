/** Providers of the Redis connection and the core services, built from the resolved options. */
import { Logger, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { Client, Enqueuer, timeoutOptions, WorkerPool, WorkLogger } from './core';
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

const silent: WorkLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

function workLogger(options: ResolvedWorkOptions): WorkLogger {
  if (options.logger === false) return silent;
  const logger = options.logger ?? new Logger('Work');
  return {
    log: (m) => logger.log(m),
    warn: (m) => logger.warn(m),
    error: (m, stack) => logger.error(m, stack),
  };
}

export const workProviders: Provider[] = [
  {
    provide: WORK_RESOLVED_OPTIONS,
    useFactory: (options: WorkModuleOptions) => resolveWorkOptions(options),
    inject: [WORK_MODULE_OPTIONS],
  },
  {
    provide: WORK_REDIS,
    useFactory: (options: ResolvedWorkOptions): WorkRedis => {
      if (options.redis instanceof Redis) return { client: options.redis, owned: false };
      // Lazy: compiling a module opens no socket; the first command connects. The engine's
      // command timeout and liveness check apply to the module's own connection too.
      const timeouts = timeoutOptions(options.redis ?? {});
      const client =
        typeof options.redis === 'string'
          ? new Redis(options.redis, { lazyConnect: true, ...timeouts })
          : new Redis({ ...options.redis, lazyConnect: true, ...timeouts });
      const logger = workLogger(options);
      let reported = false;
      client.on('error', (err: Error) => {
        if (!reported)
          logger.error(`Redis connection error (reported once until it recovers): ${err.message}`);
        reported = true;
      });
      client.on('ready', () => (reported = false));
      return { client, owned: true };
    },
    inject: [WORK_RESOLVED_OPTIONS],
  },
  {
    provide: Enqueuer,
    useFactory: (options: ResolvedWorkOptions, redis: WorkRedis) =>
      new Enqueuer({
        namespace: options.namespace,
        redis: redis.client,
        logger: workLogger(options),
      }),
    inject: [WORK_RESOLVED_OPTIONS, WORK_REDIS],
  },
  {
    provide: WorkerPool,
    useFactory: (options: ResolvedWorkOptions, redis: WorkRedis, events: WorkEvents) => {
      const pool = new WorkerPool({
        ...options,
        namespace: options.namespace,
        redis: redis.client,
        concurrency: options.runPool ? options.concurrency : 0,
        logger: workLogger(options),
      });
      pool.onJobEvent((event) => events.publish(event));
      return pool;
    },
    inject: [WORK_RESOLVED_OPTIONS, WORK_REDIS, WorkEvents],
  },
  {
    provide: Client,
    useFactory: (options: ResolvedWorkOptions, redis: WorkRedis) =>
      new Client({
        namespace: options.namespace,
        redis: redis.client,
        logger: workLogger(options),
      }),
    inject: [WORK_RESOLVED_OPTIONS, WORK_REDIS],
  },
  WorkEvents,
];
