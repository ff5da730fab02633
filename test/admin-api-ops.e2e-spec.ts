/**
 * The admin routes an operator's tools use beyond gocraft's, over HTTP: newest-first listings,
 * search with a cursor, filtered bulk actions that touch exactly what the search counted, lookup
 * at a known score, the Redis summary, read-only mode, and 503 within a bound while Redis is down.
 */
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { WorkModule } from 'nestjs-gocraft-work';
import type { WorkModuleExtras } from 'nestjs-gocraft-work';
import { deleteNamespace, testNamespace, testRedisUrl, waitFor } from './harness/redis';
import { startPrivateRedis } from 'nestjs-gocraft-work/testing';

jest.setTimeout(60_000);

async function serve(
  ns: string,
  redisUrl: string,
  admin: WorkModuleExtras['admin'] = { path: 'admin/work' },
): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      WorkModule.forRoot({ namespace: ns, redis: redisUrl, logger: false, runPool: false, admin }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, base: `${await app.getUrl()}/admin/work` };
}

async function call(url: string, method = 'GET'): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method });
  return { status: res.status, body: await res.json() };
}

describe('admin API: operator routes', () => {
  let ns: string;
  let redis: Redis;
  let app: INestApplication;
  let base: string;
  const key = (suffix: string) => `${ns}:${suffix}`;
  const dead = (i: number, name: string) =>
    `{"name":"${name}","id":"id${i}","t":1700000000,"args":{"n":${i}},"fails":1,"err":"boom ${i % 3 === 0 ? 'Fizz' : 'x'}","failed_at":${1700000000 + i}}`;

  beforeEach(async () => {
    ns = testNamespace('admin-ops');
    redis = new Redis(testRedisUrl());
    ({ app, base } = await serve(ns, testRedisUrl()));
    await redis.sadd(key('known_jobs'), 'a', 'b');
    for (let i = 0; i < 12; i++)
      await redis.zadd(key('dead'), 1700000000 + i, dead(i, i % 2 ? 'b' : 'a'));
  });
  afterEach(async () => {
    await app.close();
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  it('lists newest first, searches with a cursor, and acts on exactly what matched', async () => {
    const newest = await call(`${base}/dead_jobs?order=desc&page_size=2`);
    expect(newest.body.jobs.map((j: { id: string }) => j.id)).toEqual(['id11', 'id10']);
    expect((await call(`${base}/dead_jobs?order=sideways`)).status).toBe(400);

    const page = await call(`${base}/search/dead?q=fizz&name=b&limit=1`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      matched: 1,
      total: 12,
      jobs: [{ id: 'id9', score: 1700000009 }],
    });
    const rest = await call(`${base}/search/dead?q=fizz&name=b&limit=1&cursor=${page.body.cursor}`);
    expect(rest.body.jobs.map((j: { id: string }) => j.id)).toEqual(['id3']);
    const count = await call(`${base}/search/dead?q=fizz&name=b&limit=0`);
    expect(count.body).toMatchObject({ matched: 2, cursor: null, jobs: [] });
    expect((await call(`${base}/search/queued`)).status).toBe(400);
    expect((await call(`${base}/search/dead?limit=5000`)).status).toBe(400);

    const retried = await call(`${base}/retry_matching_dead_jobs?q=fizz&name=b`, 'POST');
    expect(retried.body).toEqual({ status: 'ok', requeued: 2, unknown: 0, unencodable: 0 });
    expect((await redis.lrange(key('jobs:b'), 0, -1)).map((m) => JSON.parse(m).id).sort()).toEqual([
      'id3',
      'id9',
    ]);
    const deleted = await call(`${base}/delete_matching/dead?q=fizz`, 'POST');
    expect(deleted.body).toEqual({ status: 'ok', deleted: 2 });
    expect(await redis.zcard(key('dead'))).toBe(8);

    await redis.zadd(key('retry'), 1700000000, dead(20, 'a'), 1700000001, dead(21, 'b'));
    const ran = await call(`${base}/run_matching/retry?name=a`, 'POST');
    expect(ran.body).toEqual({ status: 'ok', moved: 1, left: 1 });
    expect((await call(`${base}/run_matching/dead`, 'POST')).status).toBe(400);
  });

  it('finds a job at a known score, and summarises Redis', async () => {
    const found = await call(`${base}/jobs/id4?set=dead&score=1700000004`);
    expect(found.body).toMatchObject({ set: 'dead', score: 1700000004, job: { id: 'id4' } });
    expect((await call(`${base}/jobs/nope?set=dead&score=1700000004`)).status).toBe(404);
    const summary = await call(`${base}/redis`);
    expect(summary.body).toMatchObject({
      version: expect.stringMatching(/^\d+\.\d+/),
      maxmemory_policy: expect.any(String),
      namespace_keys: 2,
      namespace_keys_capped: false,
    });
    expect(summary.body.used_memory).toBeGreaterThan(0);
    expect((await call(`${base}/settings`)).body).toEqual({ read_only: false });
  });

  it('read-only refuses every mutation with 403 and says so in settings', async () => {
    const ro = await serve(ns, testRedisUrl(), { path: 'admin/work', readOnly: true });
    try {
      expect((await call(`${ro.base}/settings`)).body).toEqual({ read_only: true });
      for (const path of [
        'delete_all_dead_jobs',
        'retry_matching_dead_jobs',
        'pause/a',
        'delete_matching/dead',
      ]) {
        expect([path, await call(`${ro.base}/${path}`, 'POST')]).toEqual([
          path,
          { status: 403, body: { error: 'read-only: this admin API does not change jobs' } },
        ]);
      }
      expect(await redis.zcard(key('dead'))).toBe(12);
      expect((await call(`${ro.base}/dead_jobs`)).status).toBe(200);
    } finally {
      await ro.app.close();
    }
  });
});

describe('admin API with Redis down', () => {
  it('answers 503 within the bound while Redis is gone, and recovers when it returns', async () => {
    const server = await startPrivateRedis();
    const port = server.port;
    const ns = testNamespace('admin-down');
    const { app, base } = await serve(ns, server.url);
    let restarted: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;
    try {
      expect((await call(`${base}/queues`)).status).toBe(200);
      await server.stop();
      for (const path of ['queues', 'dead_jobs', 'search/dead', 'redis']) {
        const started = Date.now();
        const res = await call(`${base}/${path}`);
        expect([path, res.status, res.body.error]).toEqual([
          path,
          503,
          expect.stringMatching(/^Redis unavailable: /),
        ]);
        expect(Date.now() - started).toBeLessThan(4500);
      }
      expect((await call(`${base}/delete_all_dead_jobs`, 'POST')).status).toBe(503);
      restarted = await startPrivateRedis({ port });
      await waitFor(async () => (await call(`${base}/queues`)).status === 200, 'the API recovers');
    } finally {
      await app.close();
      await restarted?.stop();
    }
  });
});

describe('admin.readOnly option', () => {
  it('must be a boolean, named in the error', () => {
    expect(() =>
      WorkModule.forRoot({
        namespace: 'x',
        admin: { path: 'a', readOnly: 'yes' as unknown as boolean },
      }),
    ).toThrow('WorkModule option "admin.readOnly" must be a boolean, got "yes"');
  });
});
