/**
 * The standalone dashboard (gocraft's workwebui successor) as one call: a Nest app that reads a
 * namespace without running a pool. Behind `work dashboard` and apps/dashboard.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { basePathFrom, listenFrom, redisUrlFrom } from './dashboard-address';
import { StandaloneDashboardModule } from './standalone-dashboard.module';

/** Settings of {@link serveDashboard}. */
export interface ServeDashboardOptions {
  /** Redis holding the jobs: a `redis://`/`rediss://` URL or `host:port`. Default `127.0.0.1:6379`. */
  redis?: string;
  /** gocraft namespace to show. Default `work`. */
  namespace?: string;
  /** Address to serve on, `host:port` (port 0 picks a free one). Default `127.0.0.1:5040` (loopback only). */
  listen?: string;
  /** URL path the dashboard lives under, e.g. `/ops/work`. Default `/`. */
  basePath?: string;
}

/** A running standalone dashboard. */
export interface ServedDashboard {
  /** The page to open, e.g. `http://127.0.0.1:5040/`; the UI is at `<url>api/ui/`, the JSON API at `<url>api/`. */
  readonly url: string;
  /** The Redis URL in use, with any password masked. */
  readonly redis: string;
  /** The namespace shown. */
  readonly namespace: string;
  /** The Nest application, for callers that need more (e.g. `enableShutdownHooks()`). */
  readonly app: INestApplication;
  /** Stops serving and closes the Redis connection. */
  close(): Promise<void>;
}

/**
 * Starts the standalone dashboard. Invalid settings reject with a WorkConfigError naming the option.
 * @publicApi
 */
export async function serveDashboard(
  options: ServeDashboardOptions = {},
): Promise<ServedDashboard> {
  const redisUrl = redisUrlFrom(options.redis ?? '127.0.0.1:6379');
  const namespace = options.namespace ?? 'work';
  const { host, port } = listenFrom(options.listen ?? '127.0.0.1:5040');
  const basePath = basePathFrom(options.basePath ?? '/');
  const app = await NestFactory.create(
    StandaloneDashboardModule.forNamespace(redisUrl, namespace),
    {
      logger: ['error', 'warn'],
    },
  );
  if (basePath) app.setGlobalPrefix(basePath);
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}/${basePath ? `${basePath}/` : ''}`,
    redis: redisUrl.replace(/\/\/[^@/]*@/, '//***@'),
    namespace,
    app,
    close: () => app.close(),
  };
}
