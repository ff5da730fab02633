/**
 * WorkModule wiring: forRoot, forRootAsync (ConfigService, useClass), a shared client, discovery
 * of decorated methods, middleware order, startup errors, and shutdown with a deadline.
 */
import { INestApplication, Injectable, LoggerService, Module, Scope } from '@nestjs/common';
import { filter, firstValueFrom } from 'rxjs';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import {
  Enqueuer,
  Job,
  Middleware,
  JobEvent,
  NextMiddleware,
  OnJobEvent,
  Periodic,
  WorkEvents,
  WorkerPool,
  WorkModule,
  WorkModuleOptions,
} from 'nestjs-gocraft-work';
import { gate } from '../harness/work';
import { deleteNamespace, testNamespace, testRedisUrl, waitFor } from '../harness/redis';

jest.setTimeout(30_000);

const trail: string[] = [];
const release = { current: gate() };

@Injectable()
class Handlers {
  @Job('greet')
  greet(job: Job<{ who: string }>, ctx: { trail: string[] }): void {
    ctx.trail.push('handler');
    trail.push(`${ctx.trail.join('>')}:${job.args.who}`);
  }

  @Job('slow')
  async slow(): Promise<void> {
    trail.push('slow started');
    await release.current.promise;
  }

  @Middleware({ order: 2 })
  async second(_job: Job, ctx: { trail: string[] }, next: NextMiddleware): Promise<void> {
    ctx.trail.push('second');
    await next();
  }

  @Middleware({ order: 1 })
  async first(_job: Job, ctx: { trail: string[] }, next: NextMiddleware): Promise<void> {
    ctx.trail = ['first'];
    await next();
  }

  @Middleware({ order: 2, jobs: ['other'] })
  async onlyOther(_job: Job, ctx: { trail: string[] }, next: NextMiddleware): Promise<void> {
    ctx.trail.push('only-other');
    await next();
  }
}

describe('WorkModule', () => {
  let ns: string;
  let redis: Redis;
  /** Apps a test booted, closed after it whatever happened; a test that closes one removes it. */
  const apps: INestApplication[] = [];
  beforeEach(() => {
    ns = testNamespace('module');
    redis = new Redis(testRedisUrl());
    trail.length = 0;
    release.current = gate();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  const base = (): WorkModuleOptions => ({
    namespace: ns,
    redis: testRedisUrl(),
    logger: false,
    pollIntervalMs: 20,
  });

  async function boot(imports: unknown[], providers: unknown[] = [Handlers]) {
    const moduleRef = await Test.createTestingModule({
      imports: imports as never[],
      providers: providers as never[],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    apps.push(app);
    await app.init();
    return app;
  }

  it('forRoot: discovers @Job and @Middleware, runs middleware by order then discovery order', async () => {
    const app = await boot([WorkModule.forRoot(base())]);
    await app.get(Enqueuer).enqueue('greet', { who: 'ann' });
    await waitFor(() => trail.length === 1, 'the greet job');
    expect(trail).toEqual(['first>second>handler:ann']);
    expect(app.get(WorkerPool).jobNames).toEqual(['greet', 'slow']);
  });

  it('forRootAsync with ConfigService', async () => {
    process.env.TEST_WORK_NS = ns;
    const app = await boot([
      ConfigModule.forRoot({ ignoreEnvFile: true }),
      WorkModule.forRootAsync({
        imports: [ConfigModule],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          ...base(),
          namespace: config.getOrThrow<string>('TEST_WORK_NS'),
        }),
      }),
    ]);
    await app.get(Enqueuer).enqueue('greet', { who: 'bob' });
    await waitFor(() => trail.includes('first>second>handler:bob'), 'the greet job');
    expect(await redis.sismember(`${ns}:known_jobs`, 'greet')).toBe(1);
  });

  it('forRootAsync with useClass', async () => {
    @Injectable()
    class Options {
      createWorkOptions(): WorkModuleOptions {
        return { ...base(), runPool: false };
      }
    }
    const app = await boot([WorkModule.forRootAsync({ useClass: Options })]);
    const job = await app.get(Enqueuer).enqueue('greet', { who: 'cy' });
    expect(await redis.lrange(`${ns}:jobs:greet`, 0, -1)).toEqual([
      expect.stringContaining(job.id),
    ]);
    expect(app.get(WorkerPool).isStarted).toBe(false);
  });

  it('leaves a shared client open after close, and closes its own', async () => {
    const shared = new Redis(testRedisUrl());
    try {
      const app = await boot([WorkModule.forRoot({ ...base(), redis: shared })]);
      await app.get(Enqueuer).enqueue('greet', { who: 'dee' });
      await waitFor(() => trail.length === 1, 'the job');
      apps.splice(apps.indexOf(app), 1);
      await app.close();
      expect(shared.status).toBe('ready');
      expect(await shared.ping()).toBe('PONG');
    } finally {
      await shared.quit();
    }
  });

  it('fails at startup with a message naming a bad option', async () => {
    await expect(boot([WorkModule.forRoot({ ...base(), concurrency: -2 })])).rejects.toThrow(
      'WorkModule option "concurrency" must be a non-negative integer, got -2',
    );
    await expect(
      boot([WorkModule.forRoot({ ...base(), redis: 'localhost:6379' })]),
    ).rejects.toThrow(/option "redis" must be a redis:\/\/ URL/);
    await expect(
      boot([WorkModule.forRoot({ ...base(), timeZone: 'Mars/Olympus' })]),
    ).rejects.toThrow(/option "timeZone"/);
    await expect(
      boot([WorkModule.forRoot({ ...base(), strictArgs: 'loud' as never })]),
    ).rejects.toThrow(
      `WorkModule option "strictArgs" must be 'off', 'warn' or 'refuse', got "loud"`,
    );
    await expect(
      boot([WorkModule.forRoot({ ...base(), keyspaceWake: 'on' as never })]),
    ).rejects.toThrow(
      `WorkModule option "keyspaceWake" must be 'auto', 'enable' or 'off', got "on"`,
    );
  });

  it('passes strictArgs to the Enqueuer', async () => {
    const app = await boot([
      WorkModule.forRoot({ ...base(), strictArgs: 'refuse', runPool: false }),
    ]);
    await expect(app.get(Enqueuer).enqueue('greet', { who: [] })).rejects.toThrow(
      /args\.who: \[\] becomes \{\}/,
    );
    expect(await redis.exists(`${ns}:jobs:greet`)).toBe(0);
    await app.close();
  });

  it('refuses two handlers for one job name', async () => {
    @Injectable()
    class Twin {
      @Job('greet')
      again(): void {}
    }
    await expect(boot([WorkModule.forRoot(base())], [Handlers, Twin])).rejects.toThrow(
      'job "greet" has two handlers: Handlers#greet and Twin#again',
    );
  });

  it('reports job events through @OnJobEvent and WorkEvents.events$', async () => {
    const dead: string[] = [];
    @Injectable()
    class Alerts {
      @Job('doomed', { maxFails: 1 })
      doomed(): void {
        throw new Error('no luck');
      }

      @OnJobEvent('dead', { jobs: ['doomed'] })
      onDead(event: JobEvent): void {
        dead.push(`${event.job.name}: ${event.job.lastErr}`);
      }
    }
    // Without the built-in log and job-metrics listeners, the count is the module's alone.
    const app = await boot(
      [WorkModule.forRoot({ ...base(), logJobs: false, jobMetrics: false })],
      [Alerts],
    );
    const succeeded = firstValueFrom(
      app.get(WorkEvents).events$.pipe(filter((e) => e.type === 'dead')),
    );
    // The @OnJobEvent method and the stream share one pool listener.
    expect(app.get(WorkerPool).jobEventListenerCount).toBe(1);
    await app.get(Enqueuer).enqueue('doomed', null);
    expect((await succeeded).job.name).toBe('doomed');
    await waitFor(() => dead.length === 1, 'the @OnJobEvent handler');
    expect(dead).toEqual(['doomed: no luck']);
  });

  it('WorkEvents: subscribable after start, one pool listener for every subscriber, none unwatched', async () => {
    const app = await boot([WorkModule.forRoot({ ...base(), logJobs: false, jobMetrics: false })]);
    const pool = app.get(WorkerPool);
    expect(pool.isStarted).toBe(true);
    expect(pool.jobEventListenerCount).toBe(0);
    const a: string[] = [];
    const b: string[] = [];
    const events = app.get(WorkEvents).events$;
    const subscriptions = [
      events.subscribe((e) => a.push(`${e.type}:${e.job.name}`)),
      events.subscribe((e) => b.push(e.type)),
    ];
    expect(pool.jobEventListenerCount).toBe(1);
    await app.get(Enqueuer).enqueue('greet', { who: 'eve' });
    await waitFor(() => a.length === 2 && b.length === 2, 'both subscribers to hear the job');
    expect(a).toEqual(['started:greet', 'succeeded:greet']);
    expect(b).toEqual(['started', 'succeeded']);
    subscriptions.forEach((s) => s.unsubscribe());
    expect(pool.jobEventListenerCount).toBe(0);
  });

  it('warns about request-scoped handlers and periodic jobs without a handler', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class PerRequest {
      @Job('per_request')
      handle(): void {}
    }
    @Injectable()
    class Schedules {
      @Periodic('0 0 * * * *', 'handled_elsewhere')
      marker(): void {}
    }
    const warnings: string[] = [];
    const logger: LoggerService = {
      log: () => undefined,
      error: () => undefined,
      warn: (m: string) => void warnings.push(m),
    };
    const moduleRef = await Test.createTestingModule({
      imports: [WorkModule.forRoot({ ...base(), runPool: false })],
      providers: [PerRequest, Schedules],
    })
      .setLogger(logger)
      .compile();
    const app = moduleRef.createNestApplication();
    apps.push(app);
    await app.init();
    expect(warnings).toEqual([
      expect.stringMatching(/^PerRequest is request-scoped .* Make it a singleton\.$/),
      `@Periodic('0 0 * * * *') enqueues job "handled_elsewhere" but no @Job("handled_elsewhere") handler is registered in this process; make sure another service handles it.`,
    ]);
    expect(app.get(WorkerPool).jobNames).toEqual([]);
  });

  it('on close, hands a job still running at the deadline back to its queue', async () => {
    @Module({})
    class Empty {}
    const app = await boot([Empty, WorkModule.forRoot({ ...base(), shutdownTimeoutMs: 100 })]);
    const job = await app.get(Enqueuer).enqueue('slow', null);
    await waitFor(() => trail.includes('slow started'), 'the slow job to start');
    const started = Date.now();
    apps.splice(apps.indexOf(app), 1);
    await app.close();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await redis.lrange(`${ns}:jobs:slow`, 0, -1)).toEqual([expect.stringContaining(job.id)]);
    expect(await redis.scard(`${ns}:worker_pools`)).toBe(0);
    release.current.open();
  });
});
