/**
 * The standalone dashboard (gocraft's workwebui successor) as one call: a Nest app that reads a
 * namespace without running a pool. Behind `work dashboard` and apps/dashboard.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { basePathFrom, listenFrom, redisUrlFrom } from './dashboard-address';
import { StandaloneDashboardModule } from './standalone-dashboard.module';
import { watchRedisAtStart } from '../redis-watch';

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
  /** Show no actions and refuse every change (403). Default false. */
  readOnly?: boolean;
  /**
   * Where the start-up Redis check reports (that Redis cannot be reached, and again once it
   * answers); default: nowhere. The dashboard serves either way and shows the outage.
   */
  report?: (line: string) => void;
  /**
   * Host names the dashboard answers to besides `localhost`, `127.0.0.1`, `::1` and the listen
   * host; any other `Host` gets 403, so a DNS-rebinding page cannot reach it. Default none.
   */
  allowedHosts?: string[];
}

/** The names a loopback server is reached by; always allowed. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];

/** The loopback names, the listen host unless it is a wildcard, and the extra names given. */
export function allowedHostsFrom(listenHost: string, extra: readonly string[] = []): string[] {
  const names = new Set(LOOPBACK_HOSTS);
  if (listenHost !== '0.0.0.0' && listenHost !== '::') names.add(listenHost.toLowerCase());
  for (const name of extra) if (name.trim()) names.add(name.trim().toLowerCase());
  return [...names];
}

/** A running standalone dashboard. */
export interface ServedDashboard {
  /** The page to open, e.g. `http://127.0.0.1:5040/`; the JSON API is at `<url>api/`. */
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
    StandaloneDashboardModule.forNamespace(
      redisUrl,
      namespace,
      allowedHostsFrom(host, options.allowedHosts),
      options.readOnly ?? false,
    ),
    {
      logger: ['error', 'warn'],
    },
  );
  if (basePath) app.setGlobalPrefix(basePath);
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const shownRedis = redisUrl.replace(/\/\/[^@/]*@/, '//***@');
  const stopWatching = await watchRedisAtStart(redisUrl, shownRedis, options.report ?? (() => {}));
  app.getHttpServer().once('close', stopWatching);
  return {
    url: `http://${shownHost}:${address.port}/${basePath ? `${basePath}/` : ''}`,
    redis: shownRedis,
    namespace,
    app,
    close: () => app.close(),
  };
}
