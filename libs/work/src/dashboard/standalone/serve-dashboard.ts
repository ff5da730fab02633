/**
 * The standalone dashboard (gocraft's workwebui successor) as one call: a Nest app that reads a
 * namespace without running a pool. Behind `work dashboard` and apps/dashboard.
 */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkConfigError } from '../../core/errors';
import { shardNamespaces } from '../../core/shards';
import { RedisAddressSource, redisSourceFromAddress } from '../../core/redis-address';
import { basePathFrom, listenFrom } from './dashboard-address';
import { StandaloneDashboardModule } from './standalone-dashboard.module';
import { watchRedisAtStart } from '../redis-watch';

/** Settings of {@link serveDashboard}. */
export interface ServeDashboardOptions {
  /**
   * Redis holding the jobs: a `redis://`/`rediss://` URL, `host:port`, a Redis Cluster as
   * `cluster://host:port,host:port` (the namespace then needs a hash tag, unless `shards` is set),
   * or a Sentinel group as `sentinel://host:port,host:port/<master name>`. Default `127.0.0.1:6379`.
   */
  redis?: string;
  /** PEM file of the CA that signed Redis' certificate; turns TLS on. Default none. */
  redisCaFile?: string;
  /** gocraft namespace to show. Default `work`. */
  namespace?: string;
  /**
   * Show a sharded namespace: `namespace` is then the logical name, and the dashboard lists the
   * queues and jobs of all its shards `{<namespace>-0}` … (see docs/scaling.md). Default: unsharded.
   */
  shards?: number;
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
  const given = options.redis ?? '127.0.0.1:6379';
  const redis = redisFrom(given, options.redisCaFile);
  const namespace = options.namespace ?? 'work';
  // Checked here: a module that fails to build inside NestFactory.create would abort the process.
  if (options.shards !== undefined) shardNamespaces(namespace, options.shards);
  const { host, port } = listenFrom(options.listen ?? '127.0.0.1:5040');
  const basePath = basePathFrom(options.basePath ?? '/');
  const app = await NestFactory.create(
    StandaloneDashboardModule.forNamespace(redis, namespace, {
      allowedHosts: allowedHostsFrom(host, options.allowedHosts),
      readOnly: options.readOnly ?? false,
      shards: options.shards,
    }),
    {
      logger: ['error', 'warn'],
    },
  );
  if (basePath) app.setGlobalPrefix(basePath);
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  const shownHost = host.includes(':') ? `[${host}]` : host;
  // A URL is shown as the URL in use; other forms (cluster, Sentinel, a CA file) as given.
  const shownRedis = (typeof redis === 'string' ? redis : given).replace(/\/\/[^@/]*@/, '//***@');
  const stopWatching = await watchRedisAtStart(redis, shownRedis, options.report ?? (() => {}));
  app.getHttpServer().once('close', stopWatching);
  return {
    url: `http://${shownHost}:${address.port}/${basePath ? `${basePath}/` : ''}`,
    redis: shownRedis,
    namespace,
    app,
    close: () => app.close(),
  };
}

/** The `redis` and `redisCaFile` settings as a connection source; a WorkConfigError naming them. */
function redisFrom(address: string, caFile: string | undefined): RedisAddressSource {
  try {
    return redisSourceFromAddress(address, { caFile });
  } catch (err) {
    const option = err instanceof WorkConfigError ? 'redis' : 'redisCaFile';
    throw new WorkConfigError(`${option}: ${(err as Error).message}`);
  }
}
