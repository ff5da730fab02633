/**
 * The standalone dashboard as one call (behind `work dashboard`): a Nest app without a pool, the
 * UI at `<base>/`, the admin API at `<base>/api`, a start-up Redis check that keeps retrying.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkConfigError } from '../core';
import { WorkModule } from '../work.module';
import { DashboardRootController } from './dashboard-root.controller';
import { watchRedisAtStart } from './redis-watch';

/** Settings of {@link startStandaloneDashboard}. */
export interface StandaloneDashboardOptions {
  /** A redis:// URL. */
  redisUrl: string;
  /** gocraft namespace. */
  namespace: string;
  /** `host:port`, `:port` or `port` (0 picks a free one). */
  listen: string;
  /** URL path the dashboard lives under, e.g. `/ops/work`; `/` for the root. */
  basePath: string;
  /** Refuse every change (403) and show no actions. */
  readOnly: boolean;
}

@Module({})
class StandaloneModule {
  static forOptions(options: StandaloneDashboardOptions): DynamicModule {
    return {
      module: StandaloneModule,
      imports: [
        WorkModule.forRoot({
          redis: options.redisUrl,
          namespace: options.namespace,
          runPool: false,
          logger: false,
          admin: { path: 'api', dashboard: true, readOnly: options.readOnly },
        }),
      ],
      controllers: [DashboardRootController],
    };
  }
}

function listenFrom(value: string): { host: string; port: number } {
  const match = /^(?:(.*):)?(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535)
    throw new WorkConfigError(`--listen must be host:port (e.g. 127.0.0.1:5040), got "${value}"`);
  return { host: (match[1] ?? '').replace(/^\[(.*)\]$/, '$1') || '127.0.0.1', port };
}

function basePathFrom(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  if (!/^[A-Za-z0-9._~\-/]*$/.test(trimmed) || trimmed.includes('//'))
    throw new WorkConfigError(`--base-path must be a URL path such as /ops/work, got "${value}"`);
  return trimmed;
}

/** Starts serving; prints where, and what it finds about Redis. Resolves once listening. */
export async function startStandaloneDashboard(
  options: StandaloneDashboardOptions,
  print: (line: string) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const { host, port } = listenFrom(options.listen);
  const basePath = basePathFrom(options.basePath);
  const app = await NestFactory.create(StandaloneModule.forOptions(options), {
    logger: ['error', 'warn'],
  });
  if (basePath) app.setGlobalPrefix(basePath);
  app.enableShutdownHooks();
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/${basePath ? `${basePath}/` : ''}`;
  const shownRedis = options.redisUrl.replace(/\/\/[^@/]*@/, '//***@');
  print(
    `dashboard for namespace "${options.namespace}" on ${shownRedis}${options.readOnly ? ' (read-only)' : ''}`,
  );
  print(`open ${url}  (JSON API ${url}api/queues)`);
  const stopWatching = await watchRedisAtStart(options.redisUrl, shownRedis, print);
  return {
    url,
    async close() {
      stopWatching();
      await app.close();
    },
  };
}
