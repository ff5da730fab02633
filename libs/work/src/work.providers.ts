/**
 * Providers of one module instance's Redis connection and core services, built from the resolved
 * options, under the instance's private tokens (work.constants.ts).
 */
import type { Provider } from '@nestjs/common';
import Redis from 'ioredis';
import {
  Client,
  Enqueuer,
  ShardedClient,
  ShardedEnqueuer,
  ShardedWorkerPool,
  timeoutOptions,
  WorkerPool,
} from './core';
import {
  clusterAsRedis,
  isClusterClient,
  isClusterConfig,
  openCluster,
} from './core/redis-cluster';
import { isRedisClient } from './core/redis-connection';
import {
  WORK_CLIENT,
  WORK_CONNECTION,
  WORK_ENQUEUER,
  WORK_EVENTS,
  WORK_HEALTH,
  WORK_INSTANCE_NAME,
  WORK_POOL,
  WORK_RESOLVED_OPTIONS,
} from './work.constants';
import type { WorkModuleOptions, WorkRedis } from './work.interfaces';
import { WORK_MODULE_OPTIONS } from './work.module-definition';
import { resolveWorkOptions, ResolvedWorkOptions, workLogger } from './work.options';
import { WorkEvents } from './work-events';
import { WorkHealthIndicator } from './health/work-health.indicator';

export const workProviders: Provider[] = [
  {
    provide: WORK_RESOLVED_OPTIONS,
    useFactory: (options: WorkModuleOptions, name: string) => resolveWorkOptions(options, name),
    inject: [WORK_MODULE_OPTIONS, WORK_INSTANCE_NAME],
  },
  {
    provide: WORK_CONNECTION,
    useFactory: ({ engine, logger, name }: ResolvedWorkOptions): WorkRedis => {
      if (isRedisClient(engine.redis)) return { client: engine.redis, owned: false };
      if (isClusterClient(engine.redis))
        return { client: clusterAsRedis(engine.redis), owned: false };
      // Lazy: compiling a module opens no socket; the first command connects. The engine's
      // command timeout and liveness check apply to the module's own connection too.
      const timeouts = isClusterConfig(engine.redis) ? {} : timeoutOptions(engine.redis);
      const client = isClusterConfig(engine.redis)
        ? clusterAsRedis(openCluster(engine.redis, { lazyConnect: true }))
        : typeof engine.redis === 'string'
          ? new Redis(engine.redis, { lazyConnect: true, ...timeouts })
          : new Redis({ ...engine.redis, lazyConnect: true, ...timeouts });
      const log = workLogger(logger, 'WorkModule', name);
      let reported = false;
      client.on('error', (err: Error) => {
        if (!reported)
          log.error(`Redis connection error (reported once until it recovers): ${err.message}`);
        reported = true;
      });
      client.on('ready', () => (reported = false));
      return { client, owned: true };
    },
    inject: [WORK_RESOLVED_OPTIONS],
  },
  {
    provide: WORK_ENQUEUER,
    useFactory: (
      { engine, logger, name, strictArgs, shards }: ResolvedWorkOptions,
      redis: WorkRedis,
    ) => {
      const options = {
        namespace: engine.namespace,
        redis: redis.client,
        logger: workLogger(logger, Enqueuer.name, name),
        tracing: engine.tracing,
        strictArgs,
      };
      return shards === undefined
        ? new Enqueuer(options)
        : new ShardedEnqueuer({ ...options, shards });
    },
    inject: [WORK_RESOLVED_OPTIONS, WORK_CONNECTION],
  },
  {
    provide: WORK_POOL,
    useFactory: (options: ResolvedWorkOptions, redis: WorkRedis) => {
      const settings = {
        ...options.engine,
        redis: redis.client,
        concurrency: options.runPool ? options.engine.concurrency : 0,
      };
      return options.shards === undefined
        ? new WorkerPool(settings)
        : new ShardedWorkerPool({ ...settings, shards: options.shards });
    },
    inject: [WORK_RESOLVED_OPTIONS, WORK_CONNECTION],
  },
  {
    provide: WORK_CLIENT,
    useFactory: ({ engine, logger, name, shards }: ResolvedWorkOptions, redis: WorkRedis) => {
      const options = {
        namespace: engine.namespace,
        redis: redis.client,
        logger: workLogger(logger, Client.name, name),
      };
      return shards === undefined ? new Client(options) : new ShardedClient({ ...options, shards });
    },
    inject: [WORK_RESOLVED_OPTIONS, WORK_CONNECTION],
  },
  { provide: WORK_EVENTS, useClass: WorkEvents },
  { provide: WORK_HEALTH, useClass: WorkHealthIndicator },
];
