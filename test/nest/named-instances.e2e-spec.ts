/**
 * Two WorkModule instances in one app: the default one and one named `billing`, on two
 * namespaces of two redis-servers. Each instance discovers only its own handlers, is injected by
 * its own token, and mounts its own admin API showing its own namespace.
 */
import { INestApplication, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import {
  Client,
  Enqueuer,
  getEnqueuerToken,
  getWorkerPoolToken,
  getWorkHealthIndicatorToken,
  InjectClient,
  InjectEnqueuer,
  InjectWorkerPool,
  Job,
  JobEvent,
  OnJobEvent,
  WorkerPool,
  WorkHealthIndicator,
  WorkInstance,
  WorkModule,
} from 'nestjs-gocraft-work';
import { PrivateRedis, startPrivateRedis } from 'nestjs-gocraft-work/testing';
import { deleteNamespace, testNamespace, testRedisUrl, waitFor } from '../harness/redis';

jest.setTimeout(30_000);

const ran: string[] = [];
const heard: string[] = [];

@Injectable()
class ShopJobs {
  @Job('ship')
  ship(job: Job<{ order: number }>): void {
    ran.push(`default:ship:${job.args.order}`);
  }

  @OnJobEvent('succeeded')
  done(event: JobEvent): void {
    heard.push(`default:${event.job.name}`);
  }
}

@WorkInstance('billing')
@Injectable()
class BillingJobs {
  @Job('invoice')
  invoice(job: Job<{ order: number }>): void {
    ran.push(`billing:invoice:${job.args.order}`);
  }

  @OnJobEvent('succeeded')
  done(event: JobEvent): void {
    heard.push(`billing:${event.job.name}`);
  }
}

@Injectable()
class Checkout {
  constructor(
    readonly shop: Enqueuer,
    @InjectEnqueuer('billing') readonly billing: Enqueuer,
    @InjectWorkerPool('billing') readonly billingPool: WorkerPool,
    @InjectClient('billing') readonly billingClient: Client,
  ) {}
}

describe('named WorkModule instances', () => {
  let second: PrivateRedis;
  let shopRedis: Redis;
  let billingRedis: Redis;
  let shopNs: string;
  let billingNs: string;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    second = await startPrivateRedis();
  });
  afterAll(async () => {
    await second?.stop();
  });

  beforeEach(() => {
    ran.length = 0;
    heard.length = 0;
    shopNs = testNamespace('shop');
    billingNs = testNamespace('billing');
    shopRedis = new Redis(testRedisUrl());
    billingRedis = new Redis(second.url);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await deleteNamespace(shopRedis, shopNs);
    await deleteNamespace(billingRedis, billingNs);
    await shopRedis.quit();
    await billingRedis.quit();
  });

  async function boot(): Promise<{ app: INestApplication; origin: string }> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        WorkModule.forRoot({
          namespace: shopNs,
          redis: testRedisUrl(),
          logger: false,
          pollIntervalMs: 20,
          admin: { path: 'admin/shop' },
        }),
        WorkModule.forRootAsync({
          name: 'billing',
          admin: { path: 'admin/billing' },
          useFactory: () => ({
            namespace: billingNs,
            redis: second.url,
            logger: false,
            pollIntervalMs: 20,
          }),
        }),
      ],
      providers: [ShopJobs, BillingJobs, Checkout],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    return { app, origin: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  }

  it('runs each handler in its own pool, on its own Redis and namespace', async () => {
    const { app } = await boot();
    const checkout = app.get(Checkout);
    expect(checkout.shop).toBe(app.get(Enqueuer));
    expect(checkout.billing).toBe(app.get(getEnqueuerToken('billing')));
    expect(checkout.billing).not.toBe(checkout.shop);
    expect(app.get(WorkerPool).jobNames).toEqual(['ship']);
    expect(checkout.billingPool).toBe(app.get(getWorkerPoolToken('billing')));
    expect(checkout.billingPool.jobNames).toEqual(['invoice']);

    await checkout.shop.enqueue('ship', { order: 1 });
    await checkout.billing.enqueue('invoice', { order: 2 });
    await waitFor(() => ran.length === 2 && heard.length === 2, 'both jobs and their events');
    expect(ran.sort()).toEqual(['billing:invoice:2', 'default:ship:1']);
    // Each instance's @OnJobEvent hears its own pool only.
    expect(heard.sort()).toEqual(['billing:invoice', 'default:ship']);

    expect(await shopRedis.smembers(`${shopNs}:known_jobs`)).toEqual(['ship']);
    expect(await billingRedis.smembers(`${billingNs}:known_jobs`)).toEqual(['invoice']);
    expect(await shopRedis.exists(`${billingNs}:known_jobs`)).toBe(0);
    expect(await billingRedis.exists(`${shopNs}:known_jobs`)).toBe(0);
    expect((await checkout.billingClient.queues()).map((q) => q.job_name)).toEqual(['invoice']);
    // Each instance has its own health indicator, reading its own namespace.
    const billingHealth = app.get<WorkHealthIndicator>(getWorkHealthIndicatorToken('billing'));
    expect(billingHealth).not.toBe(app.get(WorkHealthIndicator));
    expect((await billingHealth.report()).healthy).toBe(true);
  });

  it('mounts each admin API at its own path, showing its own namespace', async () => {
    const { origin } = await boot();
    const get = async (path: string) => {
      const res = await fetch(`${origin}${path}`);
      return { status: res.status, body: await res.json() };
    };
    const shop = await get('/admin/shop/queues');
    const billing = await get('/admin/billing/queues');
    expect(shop.status).toBe(200);
    expect(billing.status).toBe(200);
    expect(shop.body.map((q: { job_name: string }) => q.job_name)).toEqual(['ship']);
    expect(billing.body.map((q: { job_name: string }) => q.job_name)).toEqual(['invoice']);
    const pools = await get('/admin/billing/worker_pools');
    expect(pools.body.map((p: { job_names: string[] }) => p.job_names)).toEqual([['invoice']]);
  });

  it('warns once about handlers marked for an instance the app does not have', async () => {
    @WorkInstance('biling')
    @Injectable()
    class Misspelled {
      @Job('lost')
      lost(): void {}
    }
    const warnings: string[] = [];
    const moduleRef = await Test.createTestingModule({
      imports: [
        WorkModule.forRoot({ namespace: shopNs, redis: testRedisUrl(), logger: false }),
        WorkModule.forRoot({
          name: 'billing',
          namespace: billingNs,
          redis: second.url,
          logger: false,
        }),
      ],
      providers: [ShopJobs, BillingJobs, Misspelled],
    })
      .setLogger({
        log: () => undefined,
        error: () => undefined,
        warn: (m: string) => void warnings.push(m),
      })
      .compile();
    app = moduleRef.createNestApplication();
    await app.init();
    expect(warnings).toEqual([
      "Misspelled is marked @WorkInstance('biling'), and no WorkModule instance has that name (instances: 'billing', 'default'); its @Job, @Middleware, @Periodic and @OnJobEvent methods are ignored. Mark it with the name of an instance.",
    ]);
    expect(app.get(WorkerPool).jobNames).toEqual(['ship']);
    expect(app.get<WorkerPool>(getWorkerPoolToken('billing')).jobNames).toEqual(['invoice']);
  });

  it('refuses a name that is not a non-empty string', () => {
    expect(() => WorkModule.forRoot({ name: '', namespace: 'x' })).toThrow(
      'WorkModule option "name" must be a non-empty string, got ""',
    );
  });
});
