/**
 * The admin JSON API over HTTP, part 1: mounting (off by default, RouterModule path, global
 * prefix, forRootAsync), access (authorize, the cross-site rule) and gocraft workwebui's reads
 * (webui_test's TestWebUIQueues, WorkerPools, BusyWorkers, RetryJobs, ScheduledJobs) with real
 * data from an enqueuer and a running pool. Mutations are in admin-api-actions.e2e-spec.ts.
 */
import { INestApplication, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { Enqueuer, Job, silentLogger, WorkerPool, WorkModule } from 'nestjs-gocraft-work';
import type { WorkModuleExtras, WorkModuleOptions } from 'nestjs-gocraft-work';
import { deleteNamespace, testNamespace, testRedisUrl, waitFor } from './harness/redis';
import { gate } from './harness/work';

jest.setTimeout(30_000);

const JSON_TYPE = 'application/json; charset=utf-8';

/** A response with its JSON body parsed (every admin route answers JSON, errors included). */
interface Reply {
  status: number;
  type: string | null;
  body: any;
}

/** An app listening on 127.0.0.1 and a way to call it. */
interface Served {
  app: INestApplication;
  origin: string;
  call(method: string, path: string, headers?: Record<string, string>): Promise<Reply>;
}

async function serve(
  options: WorkModuleOptions & WorkModuleExtras,
  setup: { providers?: any[]; prefix?: string; module?: any } = {},
): Promise<Served> {
  const moduleRef = await Test.createTestingModule({
    imports: [setup.module ?? WorkModule.forRoot(options)],
    providers: setup.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  if (setup.prefix) app.setGlobalPrefix(setup.prefix);
  await app.listen(0, '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    origin,
    async call(method, path, headers = {}) {
      const res = await fetch(`${origin}${path}`, { method, headers });
      const text = await res.text();
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        body: text ? JSON.parse(text) : undefined,
      };
    },
  };
}

const release = { current: gate() };

/** Handlers of the running-pool tests: `wat` blocks or fails on demand, `doomed` always dies. */
@Injectable()
class Handlers {
  @Job('wat')
  async wat(job: Job<{ block?: boolean; fail?: boolean }>): Promise<void> {
    if (job.args.block) await release.current.promise;
    if (job.args.fail) throw new Error('ohno');
  }

  @Job('doomed', { maxFails: 1 })
  doomed(): void {
    throw new Error('no hope');
  }
}

describe('admin API: mounting and access', () => {
  let ns: string;
  let redis: Redis;
  let served: Served | undefined;
  beforeEach(() => {
    ns = testNamespace('admin');
    redis = new Redis(testRedisUrl());
  });
  afterEach(async () => {
    await served?.app.close();
    served = undefined;
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  const base = (): WorkModuleOptions => ({
    namespace: ns,
    redis: testRedisUrl(),
    logger: false,
    runPool: false,
  });

  it('is not mounted without the admin extra', async () => {
    served = await serve(base());
    expect((await served.call('GET', '/admin/work/queues')).status).toBe(404);
    expect((await served.call('GET', '/queues')).status).toBe(404);
    expect((await served.call('POST', '/admin/work/retry_all_dead_jobs')).status).toBe(404);
  });

  it('is mounted under admin.path, and composes with a global prefix', async () => {
    served = await serve({ ...base(), admin: { path: 'admin/work' } }, { prefix: 'api' });
    const reply = await served.call('GET', '/api/admin/work/queues');
    expect(reply).toEqual({ status: 200, type: JSON_TYPE, body: [] });
    expect((await served.call('GET', '/admin/work/queues')).status).toBe(404);
    expect((await served.call('GET', '/api/queues')).status).toBe(404);
  });

  it('is mounted by forRootAsync, with authorize from the factory', async () => {
    const module = WorkModule.forRootAsync({
      admin: { path: 'ops/work' },
      useFactory: async () => ({
        ...base(),
        authorize: async (req: any) => req.headers['x-ops'] === 'yes',
      }),
    });
    served = await serve(base(), { module });
    expect((await served.call('GET', '/ops/work/worker_pools')).status).toBe(403);
    expect(await served.call('GET', '/ops/work/worker_pools', { 'x-ops': 'yes' })).toEqual({
      status: 200,
      type: JSON_TYPE,
      body: [],
    });
  });

  it('answers 403 {"error":"not authorized"} when authorize returns false, for reads and writes', async () => {
    const seen: string[] = [];
    const authorize = async (req: any) => {
      seen.push(`${req.method} ${req.url}`);
      return req.headers.authorization === 'Bearer good';
    };
    served = await serve({ ...base(), admin: { path: 'admin/work' }, authorize });
    const denied = { status: 403, type: JSON_TYPE, body: { error: 'not authorized' } };
    expect(await served.call('GET', '/admin/work/queues')).toEqual(denied);
    expect(
      await served.call('POST', '/admin/work/pause/wat', { authorization: 'Bearer bad' }),
    ).toEqual(denied);
    expect(await redis.exists(`${ns}:jobs:wat:paused`)).toBe(0);
    expect(
      await served.call('POST', '/admin/work/pause/wat', { authorization: 'Bearer good' }),
    ).toEqual({
      status: 200,
      type: JSON_TYPE,
      body: { status: 'ok' },
    });
    expect(await redis.get(`${ns}:jobs:wat:paused`)).toBe('1');
    expect(seen).toEqual([
      'GET /admin/work/queues',
      'POST /admin/work/pause/wat',
      'POST /admin/work/pause/wat',
    ]);
  });

  it('refuses cross-site browser mutations before authorize, and allows same-origin ones and reads', async () => {
    const authorize = jest.fn(() => true);
    served = await serve({ ...base(), admin: { path: 'admin/work' }, authorize });
    const refused = {
      status: 403,
      type: JSON_TYPE,
      body: { error: expect.stringContaining('cross-site request refused') },
    };
    const host = new URL(served.origin).host;

    expect(
      await served.call('POST', '/admin/work/pause/wat', { 'sec-fetch-site': 'cross-site' }),
    ).toEqual(refused);
    expect(
      await served.call('POST', '/admin/work/pause/wat', { origin: 'http://evil.example' }),
    ).toEqual(refused);
    expect(
      await served.call('POST', '/admin/work/pause/wat', {
        origin: `http://${host.split(':')[0]}:1`,
      }),
    ).toEqual(refused);
    expect(await served.call('POST', '/admin/work/pause/wat', { origin: 'null' })).toEqual(refused);
    expect(
      await served.call('POST', '/admin/work/delete_all_dead_jobs', {
        origin: 'http://evil.example',
      }),
    ).toEqual(refused);
    expect(authorize).not.toHaveBeenCalled();
    expect(await redis.exists(`${ns}:jobs:wat:paused`)).toBe(0);

    // Reads are harmless cross-site: without CORS headers the browser hides the answer anyway.
    const read = await served.call('GET', '/admin/work/queues', {
      'sec-fetch-site': 'cross-site',
      origin: 'http://evil.example',
    });
    expect(read.status).toBe(200);

    const ok = { status: 200, type: JSON_TYPE, body: { status: 'ok' } };
    // Only the host counts (scheme aside), and a default port equals no port.
    expect(await served.call('POST', '/admin/work/pause/d', { origin: `https://${host}` })).toEqual(
      ok,
    );
    expect(
      await served.call('POST', '/admin/work/pause/a', {
        origin: served.origin,
        'sec-fetch-site': 'same-origin',
      }),
    ).toEqual(ok);
    expect(
      await served.call('POST', '/admin/work/pause/b', { 'sec-fetch-site': 'same-site' }),
    ).toEqual(ok);
    expect(await served.call('POST', '/admin/work/pause/c')).toEqual(ok); // curl: neither header
    expect(
      await redis.mget(['a', 'b', 'c', 'd'].map((name) => `${ns}:jobs:${name}:paused`)),
    ).toEqual(['1', '1', '1', '1']);
  });
});

describe('admin API: gocraft workwebui reads', () => {
  let ns: string;
  let redis: Redis;
  let served: Served | undefined;
  const extraPools: WorkerPool[] = [];
  beforeEach(() => {
    ns = testNamespace('admin-read');
    redis = new Redis(testRedisUrl());
    release.current = gate();
  });
  afterEach(async () => {
    release.current.open();
    for (const pool of extraPools.splice(0)) await pool.stop();
    await served?.app.close();
    served = undefined;
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  const admin = (options: Partial<WorkModuleOptions> = {}) =>
    serve(
      {
        namespace: ns,
        redis: testRedisUrl(),
        logger: false,
        runPool: false,
        pollIntervalMs: 20,
        observeIntervalMs: 20,
        admin: { path: 'admin/work' },
        ...options,
      },
      { providers: [Handlers] },
    );
  const get = async (path: string) => {
    const reply = await served!.call('GET', `/admin/work/${path}`);
    expect(reply.type).toBe(JSON_TYPE);
    return reply;
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('queues: every known name, sorted, with its count and the latency of its oldest job', async () => {
    served = await admin();
    const enqueuer = served.app.get(Enqueuer);
    await enqueuer.enqueue('foo', { n: 1 });
    await enqueuer.enqueue('foo', { n: 2 });
    await enqueuer.enqueue('zaz', null);
    await enqueuer.enqueue('bar', null);
    // An old job written as a Go enqueuer would: its latency is real, not 0.
    await redis.sadd(`${ns}:known_jobs`, 'old');
    await redis.lpush(`${ns}:jobs:old`, `{"name":"old","id":"aaa","t":${now() - 100},"args":null}`);

    const { status, body } = await get('queues');
    expect(status).toBe(200);
    expect(body.map((q: any) => [q.job_name, q.count])).toEqual([
      ['bar', 1],
      ['foo', 2],
      ['old', 1],
      ['zaz', 1],
    ]);
    const foo = body[1];
    expect(Object.keys(foo).slice(0, 3)).toEqual(['job_name', 'count', 'latency']);
    expect(foo.latency).toBeLessThanOrEqual(1);
    expect(foo).toMatchObject({ paused: false, max_concurrency: 0, lock: 0 });
    expect(body[2].latency).toBeGreaterThanOrEqual(100);
    expect(body[2].latency).toBeLessThanOrEqual(102);
  });

  it('queues: the effective max_concurrency beside what the live pools of ours configured', async () => {
    // The module's pool limits "doomed" to 1; a second pool then starts with 3 and a Go pool
    // (raw SET, as gocraft's Start does) with none: the last writer wins, and the API shows it.
    const module = WorkModule.forRoot({
      namespace: ns,
      redis: testRedisUrl(),
      logger: false,
      pollIntervalMs: 20,
      admin: { path: 'admin/work' },
    });
    @Injectable()
    class Limited {
      @Job('limited', { maxConcurrency: 1 })
      run(): void {}
    }
    served = await serve({} as WorkModuleOptions, { module, providers: [Limited] });
    const limited = async () =>
      (await get('queues')).body.find((q: any) => q.job_name === 'limited');
    expect(await limited()).toMatchObject({ max_concurrency: 1, configured_max_concurrency: [1] });

    const other = new WorkerPool({ namespace: ns, redis: testRedisUrl(), logger: silentLogger });
    other.job('limited', () => undefined, { maxConcurrency: 3 });
    extraPools.push(other);
    await other.start();
    expect(await limited()).toMatchObject({
      max_concurrency: 3,
      configured_max_concurrency: [1, 3],
    });
    await redis.set(`${ns}:jobs:limited:max_concurrency`, '0');
    expect(await limited()).toMatchObject({
      max_concurrency: 0,
      configured_max_concurrency: [1, 3],
    });
    await other.stop();
    expect((await limited()).configured_max_concurrency).toEqual([1]);
  });

  it('worker_pools and busy_workers are [] when no pool runs', async () => {
    served = await admin();
    expect(await get('worker_pools')).toMatchObject({ status: 200, body: [] });
    expect(await get('busy_workers')).toMatchObject({ status: 200, body: [] });
  });

  it('worker_pools: one heartbeat per running pool, sorted by id', async () => {
    served = await admin({ runPool: true, concurrency: 2 });
    const other = new WorkerPool({
      namespace: ns,
      redis: testRedisUrl(),
      logger: silentLogger,
      concurrency: 3,
    });
    other.job('other', () => undefined);
    extraPools.push(other);
    await other.start();

    await waitFor(async () => (await get('worker_pools')).body.length === 2, 'two heartbeats');
    const { body } = await get('worker_pools');
    const ids = body.map((hb: any) => hb.worker_pool_id);
    expect(ids.every((id: unknown) => typeof id === 'string' && id !== '')).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    const ours = body.find((hb: any) => hb.job_names.includes('wat'));
    expect(Object.keys(ours)).toEqual([
      'worker_pool_id',
      'started_at',
      'heartbeat_at',
      'job_names',
      'concurrency',
      'host',
      'pid',
      'worker_ids',
    ]);
    expect(ours).toMatchObject({ job_names: ['doomed', 'wat'], concurrency: 2, pid: process.pid });
    expect(ours.worker_ids).toHaveLength(2);
    expect(ours.heartbeat_at).toBeGreaterThanOrEqual(ours.started_at);
    expect(ours.started_at).toBeGreaterThan(now() - 60);
    expect(body.find((hb: any) => hb !== ours)).toMatchObject({
      job_names: ['other'],
      concurrency: 3,
    });
  });

  it('busy_workers: [] while idle, the running job while one blocks, [] again after', async () => {
    served = await admin({ runPool: true, concurrency: 2 });
    await waitFor(async () => (await get('worker_pools')).body.length === 1, 'the heartbeat');
    expect((await get('busy_workers')).body).toEqual([]);

    const job = await served.app.get(Enqueuer).enqueue('wat', { block: true });
    await waitFor(async () => (await get('busy_workers')).body.length === 1, 'a busy worker');
    const [busy] = (await get('busy_workers')).body;
    expect(busy).toMatchObject({
      is_busy: true,
      job_name: 'wat',
      job_id: job.id,
      args_json: '{"block":true}',
    });
    expect(busy.started_at).toBeGreaterThan(0);
    const [poolBeat] = (await get('worker_pools')).body;
    expect(poolBeat.worker_ids).toContain(busy.worker_id);

    release.current.open();
    await waitFor(
      async () => (await get('busy_workers')).body.length === 0,
      'the worker to go idle',
    );
  });

  it('retry_jobs and dead_jobs: failed jobs with retry_at / died_at first, then the job fields', async () => {
    served = await admin({ runPool: true });
    const enqueuer = served.app.get(Enqueuer);
    const retried = await enqueuer.enqueue('wat', { fail: true });
    const dead = await enqueuer.enqueue('doomed', { x: 1 });
    await waitFor(
      async () =>
        (await redis.zcard(`${ns}:retry`)) === 1 && (await redis.zcard(`${ns}:dead`)) === 1,
      'a retry and a dead job',
    );

    const retry = await get('retry_jobs');
    expect(retry.status).toBe(200);
    expect(retry.body.count).toBe(1);
    const [r] = retry.body.jobs;
    expect(Object.keys(r).slice(0, 4)).toEqual(['retry_at', 'name', 'id', 't']);
    expect(r).toMatchObject({
      name: 'wat',
      id: retried.id,
      args: { fail: true },
      fails: 1,
      err: 'ohno',
    });
    expect(r.retry_at).toBeGreaterThan(now()); // gocraft's backoff: at least 16 s ahead
    expect(r.failed_at).toBeGreaterThan(0);
    expect(await redis.zscore(`${ns}:retry`, (await redis.zrange(`${ns}:retry`, 0, 0))[0])).toBe(
      String(r.retry_at),
    );

    const died = await get('dead_jobs');
    expect(died.body.count).toBe(1);
    const [d] = died.body.jobs;
    expect(Object.keys(d)[0]).toBe('died_at');
    expect(d).toMatchObject({
      name: 'doomed',
      id: dead.id,
      args: { x: 1 },
      fails: 1,
      err: 'no hope',
    });
    expect(d.died_at).toBeGreaterThan(now() - 60);
    expect(d.died_at).toBeLessThanOrEqual(now());
  });

  it('scheduled_jobs: jobs enqueued for later, with run_at', async () => {
    served = await admin();
    const job = await served.app.get(Enqueuer).enqueueIn('watter', 100, { a: 1 });
    const { status, body } = await get('scheduled_jobs');
    expect(status).toBe(200);
    expect(body).toEqual({
      count: 1,
      jobs: [
        {
          run_at: job.runAt,
          name: 'watter',
          id: job.id,
          t: job.enqueuedAt,
          args: { a: 1 },
          fails: 0,
          err: '',
          failed_at: 0,
        },
      ],
    });
    expect(job.runAt).toBeGreaterThanOrEqual(now() + 99);
  });

  it('pages: 20 per page by default, ascending by score; page_size up to the cap', async () => {
    served = await admin();
    const members = Array.from({ length: 25 }, (_, i) => [
      1000 + i,
      `{"name":"wat","id":"id${100 + i}","t":1,"args":null,"fails":4}`,
    ]);
    await redis.zadd(`${ns}:dead`, ...members.flat());

    const first = (await get('dead_jobs')).body;
    expect(first.count).toBe(25);
    expect(first.jobs.map((j: any) => j.died_at)).toEqual(
      Array.from({ length: 20 }, (_, i) => 1000 + i),
    );
    expect((await get('dead_jobs?page=1')).body).toEqual(first);
    const second = (await get('dead_jobs?page=2')).body;
    expect(second.jobs.map((j: any) => j.id)).toEqual([
      'id120',
      'id121',
      'id122',
      'id123',
      'id124',
    ]);
    expect((await get('dead_jobs?page=3')).body).toEqual({ count: 25, jobs: [] });
    expect(
      (await get('dead_jobs?page=3&page_size=10')).body.jobs.map((j: any) => j.died_at),
    ).toEqual([1020, 1021, 1022, 1023, 1024]);
    expect((await get('dead_jobs?page_size=1000')).body.jobs).toHaveLength(25);
    expect((await get('retry_jobs?page=2&page_size=5')).body).toEqual({ count: 0, jobs: [] });
  });
});
