/**
 * Prometheus in the Nest layer: `metrics: { path: 'metrics' }` publishes the pool's per-process
 * series and the cluster-wide collector on a registry, and mounts `GET /<path>` for scrapes.
 * The route lives in its own small module so that the admin API's route prefix does not apply.
 */
import { Controller, DynamicModule, Get, Module, Provider, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type Redis from 'ioredis';
import { WorkConfigError, WorkerPoolApi, WorkMetrics } from '../core';
import { invalidEngineOptionMessage } from '../core/engine-options';
import { WORK_CONNECTION, WORK_METRICS, WORK_POOL, WORK_RESOLVED_OPTIONS } from '../work.constants';
import type { WorkMetricsExtras } from '../work.interfaces';
import type { WorkToken } from '../work.tokens';
import type { ResolvedWorkOptions } from '../work.options';

/** The response methods shared by Express and Fastify. */
interface HeaderSink {
  header(name: string, value: string): unknown;
}

/** Builds the WorkMetrics provider for the module's pool, Redis and options. */
export function workMetricsProvider(extras: WorkMetricsExtras): Provider {
  return {
    provide: WORK_METRICS,
    useFactory: (
      options: ResolvedWorkOptions,
      redis: { client: Redis },
      pool: WorkerPoolApi<any>,
    ) => {
      // The cluster-wide collector reads one namespace; a sharded module has several.
      if (options.shards !== undefined && extras.cluster !== false)
        throw new WorkConfigError(
          invalidEngineOptionMessage(
            'WorkModule',
            'metrics.cluster',
            'false with shards (the per-process pool series work; the cluster-wide ones read one namespace)',
            extras.cluster,
          ),
        );
      return new WorkMetrics({
        registry: extras.registry,
        prefix: extras.prefix,
        durationBuckets: extras.durationBuckets,
        pool: options.runPool ? pool : undefined,
        cluster:
          extras.cluster === false
            ? undefined
            : {
                namespace: options.engine.namespace,
                redis: redis.client,
                cacheMs: extras.cacheMs,
                leaseMs: extras.leaseMs,
              },
      });
    },
    inject: [WORK_RESOLVED_OPTIONS, WORK_CONNECTION, WORK_POOL],
  };
}

/**
 * A controller answering `GET /<path>` with the registry's exposition text of the WorkMetrics
 * exported under `token` (the instance's).
 */
function metricsControllerAt(path: string, token: WorkToken) {
  @Controller(path)
  class WorkMetricsController {
    constructor(private readonly moduleRef: ModuleRef) {}

    @Get()
    async scrape(@Res({ passthrough: true }) res: HeaderSink): Promise<string> {
      const metrics = this.moduleRef.get<WorkMetrics>(token, { strict: false });
      res.header('content-type', metrics.contentType);
      return metrics.text();
    }
  }
  return WorkMetricsController;
}

/** Holds the scrape route; imported by WorkModule when `metrics.path` is set. */
@Module({})
export class WorkMetricsHttpModule {
  static at(path: string, token: WorkToken): DynamicModule {
    return { module: WorkMetricsHttpModule, controllers: [metricsControllerAt(path, token)] };
  }
}
