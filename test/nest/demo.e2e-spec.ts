/**
 * The demo app booted through Test.createTestingModule against real Redis: jobs enqueued over
 * HTTP run with their middleware and context, check in, retry, die, dedupe, wait in scheduled,
 * and the periodic job is scheduled, all in gocraft's layout.
 */
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { AppModule } from '../../apps/demo/src/app.module';
import { DemoJobs } from '../../apps/demo/src/jobs/jobs.service';
import { parseJob } from 'nestjs-gocraft-work/testing';
import { deleteNamespace, testNamespace, testRedisUrl, waitFor } from '../harness/redis';

jest.setTimeout(30_000);

describe('demo app (e2e)', () => {
  let app: INestApplication;
  let base: string;
  let redis: Redis;
  let ns: string;
  const key = (suffix: string) => `${ns}:${suffix}`;

  beforeAll(async () => {
    ns = testNamespace('demo');
    process.env.REDIS_URL = testRedisUrl();
    process.env.WORK_NAMESPACE = ns;
    redis = new Redis(testRedisUrl());
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ran = () => app.get(DemoJobs).log;

  it('runs send_email with the FindCustomer context, including one a Go producer enqueued', async () => {
    const res = await post('/emails', { address: 'a@b.c', subject: 'hi', customer_id: 7 });
    expect(res.status).toBe(202);
    const goPayload = `{"name":"send_email","id":"0123456789abcdef01234567","t":${Math.floor(Date.now() / 1000)},"args":{"address":"go@b.c","customer_id":4,"subject":"from go"}}`;
    await redis.lpush(key('jobs:send_email'), goPayload);
    await waitFor(
      () =>
        ran().includes('send_email a@b.c customer 7') &&
        ran().includes('send_email go@b.c customer 4'),
      'both emails',
    );
  });

  it('rejects invalid args with 400 and writes nothing', async () => {
    const res = await post('/emails', { address: 'not-an-address' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).message).toBe(
      'args of job "send_email" are invalid: address must be an email address',
    );
    // Had the job been pushed before the answer, it would sit in the queue, in a pool's
    // in-progress list, or (failing validation when run) in dead: it is in none of them.
    const lists = [
      key('jobs:send_email'),
      ...(await redis.keys(key('jobs:send_email:*:inprogress'))),
    ];
    const members = [
      ...(await Promise.all(lists.map((k) => redis.lrange(k, 0, -1)))).flat(),
      ...(await redis.zrange(key('retry'), 0, -1)),
      ...(await redis.zrange(key('dead'), 0, -1)),
      ...(await redis.zrange(key('scheduled'), 0, -1)),
    ];
    expect(members.filter((m) => m.includes('not-an-address'))).toEqual([]);
    expect(ran().filter((line) => line.includes('not-an-address'))).toEqual([]);
  });

  it('retries a failing job, and dead-letters a payload that fails validation', async () => {
    await post('/emails', { address: 'x@fail.example', subject: 's', customer_id: 1 });
    await waitFor(async () => (await redis.zcard(key('retry'))) === 1, 'the failure in retry');
    const retried = parseJob((await redis.zrange(key('retry'), 0, -1))[0]);
    expect([retried.fails, retried.lastErr]).toEqual([
      1,
      'mailbox x@fail.example rejected the message',
    ]);
    await redis.lpush(
      key('jobs:send_email'),
      '{"name":"send_email","id":"bad","t":1,"args":{"address":"nope"}}',
    );
    await waitFor(
      async () => (await redis.zcard(key('dead'))) === 1,
      'the invalid payload in dead',
    );
    expect(parseJob((await redis.zrange(key('dead'), 0, -1))[0]).lastErr).toMatch(
      /address must be an email address/,
    );
  });

  it('dedupes exports per customer and records check-ins while exporting', async () => {
    const first = (await (await post('/exports', { customer_id: 9, rows: 20 })).json()) as any;
    const second = (await (await post('/exports', { customer_id: 9, rows: 3 })).json()) as any;
    expect(first.id).toMatch(/^[0-9a-f]{24}$/);
    expect(second).toEqual({ duplicate: true });
    await waitFor(
      async () => {
        for (const k of await redis.keys(key('worker:*')))
          if ((await redis.hget(k, 'checkin'))?.startsWith('exported ')) return true;
        return false;
      },
      'an export check-in in a worker observation',
      5000,
    );
    await waitFor(() => ran().includes('export 9 20'), 'the export to finish', 10_000);
    expect(ran().filter((r) => r.startsWith('export 9'))).toEqual(['export 9 20']);
    await waitFor(
      async () => (await redis.exists(key('unique:export:{"customer_id":9}\n'))) === 0,
      'the unique key to be released',
    );
    expect(
      ((await (await post('/exports', { customer_id: 9, rows: 1 })).json()) as any).id,
    ).toBeDefined();
  });

  it('schedules later emails and runs them when due', async () => {
    const later: any = await (
      await post('/emails/later?in=600', { address: 'later@b.c', subject: 's', customer_id: 2 })
    ).json();
    const scores = await redis.zrange(key('scheduled'), 0, -1, 'WITHSCORES');
    expect(scores).toContain(String(later.runAt));
    await post('/emails/later?in=-1', { address: 'due@b.c', subject: 's', customer_id: 3 });
    await waitFor(
      () => ran().includes('send_email due@b.c customer 3'),
      'the due email, moved by the requeuer',
    );
  });

  it('schedules the hourly calculate_caches job as gocraft would', async () => {
    await waitFor(
      async () => (await redis.exists(key('last_periodic_enqueue'))) === 1,
      'a periodic pass',
    );
    const last = Number(await redis.get(key('last_periodic_enqueue')));
    const nextHour = Math.ceil((last + 1) / 3600) * 3600;
    const members = (await redis.zrange(key('scheduled'), 0, -1)).filter((m) =>
      m.includes('periodic:'),
    );
    const expected = `{"name":"calculate_caches","id":"periodic:calculate_caches:0 0 * * * *:${nextHour}","t":${nextHour},"args":null}`;
    if (nextHour - last < 240) expect(members).toEqual([expected]);
    else expect(members).toEqual([]);
  });
});
