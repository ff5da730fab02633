/**
 * The observability options of WorkModule: job failures logged once through the app's
 * LoggerService, `metrics: { registry }` adding the series to the app's own prom-client registry
 * without a route, and invalid options failing at start-up with the option's name.
 */
import { INestApplication, Injectable, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { Enqueuer, Job, WorkMetrics, WorkModule } from 'nestjs-gocraft-work';
import type { WorkModuleExtras, WorkModuleOptions } from 'nestjs-gocraft-work';
import { parseExposition } from '../harness/prometheus';
import { deleteNamespace, testNamespace, testRedis, testRedisUrl, waitFor } from '../harness/redis';

@Injectable()
class Handlers {
  @Job('flaky', { maxFails: 2, backoff: () => 3600 })
  flaky(): void {
    throw new Error('upstream timed out');
  }
}

class Recorder implements LoggerService {
  readonly lines: string[] = [];
  log(m: string) {
    this.lines.push(`log ${m}`);
  }
  warn(m: string) {
    this.lines.push(`warn ${m}`);
  }
  error(m: string, stack?: string) {
    this.lines.push(`error ${m}${stack ? ' +stack' : ''}`);
  }
  debug(m: string) {
    this.lines.push(`debug ${m}`);
  }
}

describe('WorkModule observability options', () => {
  const redis = testRedis();
  const namespaces: string[] = [];
  let app: INestApplication | null = null;

  async function boot(options: Partial<WorkModuleOptions & WorkModuleExtras>) {
    const namespace = testNamespace('obsmod');
    namespaces.push(namespace);
    const moduleRef = await Test.createTestingModule({
      imports: [
        WorkModule.forRoot({
          namespace,
          redis: testRedisUrl(),
          pollIntervalMs: 20,
          ...options,
        }),
      ],
      providers: [Handlers],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    return { app, namespace };
  }

  afterEach(async () => {
    await app?.close();
    app = null;
  });

  afterAll(async () => {
    for (const ns of namespaces) await deleteNamespace(redis, ns);
    await redis.quit();
  });

  it('logs a job failure once through the LoggerService, and metrics go to the given registry', async () => {
    const logger = new Recorder();
    const registry = new Registry();
    const { app, namespace } = await boot({ logger, metrics: { registry, cluster: false } });
    const job = await app.get(Enqueuer).enqueue('flaky', null);
    await waitFor(async () => (await redis.zcard(`${namespace}:retry`)) === 1, 'the retry');
    const [, score] = await redis.zrange(`${namespace}:retry`, 0, 0, 'WITHSCORES');
    const retryAt = new Date(Number(score) * 1000);
    expect(logger.lines.filter((l) => !l.startsWith('debug') && l.includes(job.id))).toEqual([
      `warn job "flaky" ${job.id} attempt 1 failed: upstream timed out; retry at ${retryAt.toISOString()}`,
    ]);
    expect(logger.lines).toContain(`debug job "flaky" ${job.id} attempt 1 started`);

    expect(app.get(WorkMetrics).registry).toBe(registry);
    const samples = parseExposition(await registry.metrics());
    expect(samples.get('work_jobs_failed_total{job="flaky"}')).toBe(1);
    expect([...samples.keys()].some((k) => k.startsWith('work_queue_size'))).toBe(false);
    // No path: no route.
    expect((await fetch(`${await app.getUrl()}/metrics`)).status).toBe(404);
  });

  it('logs nothing per job with logJobs: false', async () => {
    const logger = new Recorder();
    const { app, namespace } = await boot({ logger, logJobs: false });
    const job = await app.get(Enqueuer).enqueue('flaky', null);
    await waitFor(async () => (await redis.zcard(`${namespace}:retry`)) === 1, 'the retry');
    expect(logger.lines.filter((l) => l.includes(job.id))).toEqual([]);
  });

  it('fails at start-up naming an invalid observability option', async () => {
    await expect(boot({ logJobs: 'yes' as never })).rejects.toThrow(
      'WorkModule option "logJobs" must be a boolean, got "yes"',
    );
    await expect(boot({ tracing: 1 as never })).rejects.toThrow(
      'WorkModule option "tracing" must be a boolean, got 1',
    );
  });
});
