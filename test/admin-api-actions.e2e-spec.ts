/**
 * The admin JSON API over HTTP, part 2: every mutating route checked against the exact Redis keys
 * it changes (webui_test's TestWebUIDeadJobs and DeadJobsDeleteRetryAll, then the Client's
 * additions), find-by-id, and bad parameters answering 400/404/409 JSON, never 500.
 * No pool runs here: jobs are written as a Go enqueuer or worker would write them.
 */
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { Enqueuer, WorkModule } from 'nestjs-gocraft-work';
import { deleteNamespace, testNamespace, testRedisUrl } from './harness/redis';

jest.setTimeout(30_000);

const JSON_TYPE = 'application/json; charset=utf-8';
const OK = { status: 'ok' };

describe('admin API: mutations and errors', () => {
  let ns: string;
  let redis: Redis;
  let app: INestApplication;
  let origin: string;

  beforeEach(async () => {
    ns = testNamespace('admin-act');
    redis = new Redis(testRedisUrl());
    const moduleRef = await Test.createTestingModule({
      imports: [
        WorkModule.forRoot({
          namespace: ns,
          redis: testRedisUrl(),
          logger: false,
          runPool: false,
          admin: { path: 'admin/work' },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    origin = await app.getUrl();
  });
  afterEach(async () => {
    await app.close();
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  /** Calls a route; every answer must be JSON (errors too), which this checks. */
  async function call(
    method: 'GET' | 'POST',
    path: string,
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${origin}/admin/work/${path}`, { method });
    expect(res.headers.get('content-type')).toBe(JSON_TYPE);
    return { status: res.status, body: JSON.parse(await res.text()) };
  }
  const post = (path: string) => call('POST', path);
  const get = (path: string) => call('GET', path);

  const key = (suffix: string) => `${ns}:${suffix}`;
  const now = () => Math.floor(Date.now() / 1000);
  /** A job as gocraft serialises it, with failure fields when given. */
  const member = (name: string, id: string, extra = '') =>
    `{"name":"${name}","id":"${id}","t":1700000000,"args":{"a":1}${extra}}`;
  const deadMember = (name: string, id: string) =>
    member(name, id, ',"fails":4,"err":"boom","failed_at":1700000100');

  it("stats: the pools' processed/failed counters, with bounded windows", async () => {
    await redis.hset(key('stats:total'), 'processed', 7, 'failed', 2);
    const ok = await get('stats?seconds=2&minutes=1');
    expect(ok.status).toBe(200);
    expect(ok.body.total).toEqual({ processed: 7, failed: 2 });
    expect(ok.body.per_second).toHaveLength(2);
    expect(ok.body.per_minute).toHaveLength(1);
    expect(await get('stats?seconds=5000')).toEqual({
      status: 400,
      body: { error: 'seconds must be an integer from 1 to 3600, got 5000' },
    });
    expect((await get('stats?minutes=abc')).status).toBe(400);
  });

  it('run_all_* and delete_all_* for the retry and scheduled sets', async () => {
    await redis.sadd(key('known_jobs'), 'wat');
    await redis.zadd(
      key('scheduled'),
      now() + 3600,
      member('wat', 's1'),
      now() + 7200,
      member('ghost', 's2'),
    );
    await redis.zadd(
      key('retry'),
      now() + 60,
      member('wat', 'r1', ',"fails":1,"err":"x","failed_at":1700000001'),
    );
    expect(await post('run_all_scheduled_jobs')).toEqual({
      status: 200,
      body: { status: 'ok', moved: 1, left: 1 },
    });
    expect(await redis.llen(key('jobs:wat'))).toBe(1);
    expect(await redis.zrange(key('scheduled'), 0, -1)).toEqual([member('ghost', 's2')]);
    expect(await post('run_all_retry_jobs')).toEqual({
      status: 200,
      body: { status: 'ok', moved: 1, left: 0 },
    });
    const requeued = JSON.parse((await redis.lindex(key('jobs:wat'), 0))!);
    expect([requeued.id, requeued.fails]).toEqual(['r1', 1]);
    expect(await post('delete_all_scheduled_jobs')).toEqual({
      status: 200,
      body: { status: 'ok', deleted: 1 },
    });
    expect(await post('delete_all_retry_jobs')).toEqual({
      status: 200,
      body: { status: 'ok', deleted: 0 },
    });
    expect(await redis.exists(key('scheduled'), key('retry'))).toBe(0);
  });

  describe('gocraft routes', () => {
    it('delete_dead_job and retry_dead_job (TestWebUIDeadJobs)', async () => {
      await redis.sadd(key('known_jobs'), 'wat');
      await redis.zadd(
        key('dead'),
        1700000100,
        deadMember('wat', 'aa1'),
        1700000200,
        deadMember('wat', 'aa2'),
      );
      const listed = (await get('dead_jobs')).body;
      expect(listed.count).toBe(2);
      const [first, second] = listed.jobs;

      expect(await post(`delete_dead_job/${first.died_at}/${first.id}`)).toEqual({
        status: 200,
        body: OK,
      });
      expect(await post(`retry_dead_job/${second.died_at}/${second.id}`)).toEqual({
        status: 200,
        body: OK,
      });

      expect(await redis.exists(key('dead'))).toBe(0);
      expect((await get('queues')).body).toEqual([
        expect.objectContaining({ job_name: 'wat', count: 1 }),
      ]);
      const [queued] = await redis.lrange(key('jobs:wat'), 0, -1);
      const job = JSON.parse(queued);
      expect(job).toMatchObject({ name: 'wat', id: 'aa2', args: { a: 1 } });
      expect(job).not.toHaveProperty('fails');
      expect(job).not.toHaveProperty('err');
      expect(job.t).toBeGreaterThanOrEqual(now() - 1);
    });

    it('404 {"error":"nothing deleted"} / {"error":"nothing retried"} when nothing matches', async () => {
      await redis.sadd(key('known_jobs'), 'wat');
      await redis.zadd(key('dead'), 1700000100, deadMember('wat', 'aa1'));
      const deleted = await post('delete_dead_job/1700000100/other');
      expect(deleted).toEqual({
        status: 404,
        body: { error: 'nothing deleted', detail: expect.stringContaining('"other"') },
      });
      // The right id at the wrong score does not match either.
      expect((await post('retry_dead_job/1700000101/aa1')).body.error).toBe('nothing retried');
      expect(await redis.zcard(key('dead'))).toBe(1);
    });

    it('retry_all_dead_jobs and delete_all_dead_jobs (TestWebUIDeadJobsDeleteRetryAll)', async () => {
      await redis.sadd(key('known_jobs'), 'wat');
      const put = () =>
        redis.zadd(
          key('dead'),
          1700000100,
          deadMember('wat', 'aa1'),
          1700000200,
          deadMember('wat', 'aa2'),
        );
      await put();

      expect(await post('retry_all_dead_jobs')).toEqual({
        status: 200,
        body: { status: 'ok', requeued: 2, unknown: 0, unencodable: 0 },
      });
      expect(await redis.exists(key('dead'))).toBe(0);
      expect(await redis.llen(key('jobs:wat'))).toBe(2);

      await put();
      expect((await get('dead_jobs')).body.count).toBe(2);
      expect(await post('delete_all_dead_jobs')).toEqual({
        status: 200,
        body: { status: 'ok', deleted: 2 },
      });
      expect(await redis.exists(key('dead'))).toBe(0);
      expect(await post('delete_all_dead_jobs')).toEqual({
        status: 200,
        body: { status: 'ok', deleted: 0 },
      });
      expect(await redis.llen(key('jobs:wat'))).toBe(2);
    });

    it('retries leave jobs no pool knows in dead: counted by retry_all, 409 for a single retry', async () => {
      await redis.sadd(key('known_jobs'), 'wat');
      await redis.zadd(
        key('dead'),
        1700000100,
        deadMember('wat', 'aa1'),
        1700000200,
        deadMember('ghost', 'gg1'),
      );

      const single = await post('retry_dead_job/1700000200/gg1');
      expect(single.status).toBe(409);
      expect(single.body.error).toContain('known_jobs');
      expect(await redis.exists(key('jobs:ghost'))).toBe(0);

      const all = await post('retry_all_dead_jobs');
      expect(all.body).toEqual({ status: 'ok', requeued: 1, unknown: 0, unencodable: 0 });
      const left = await redis.zrange(key('dead'), 0, -1);
      expect(left).toHaveLength(1);
      expect(JSON.parse(left[0])).toMatchObject({ id: 'gg1', err: 'unknown job when requeueing' });
    });

    it('409 for a dead job Redis cannot re-encode; it stays as it was', async () => {
      await redis.sadd(key('known_jobs'), 'wat');
      const huge = '{"name":"wat","id":"big","t":1,"args":{"n":1e400},"fails":1}';
      await redis.zadd(key('dead'), 1700000100, huge);
      const reply = await post('retry_dead_job/1700000100/big');
      expect(reply.status).toBe(409);
      expect(reply.body.error).toContain('cjson');
      expect(await redis.zrange(key('dead'), 0, -1, 'WITHSCORES')).toEqual([huge, '1700000100']);
    });
  });

  describe("the Client's additions", () => {
    it('delete_retry_job removes one retry job', async () => {
      await redis.zadd(
        key('retry'),
        1800000000,
        member('wat', 'r1', ',"fails":1'),
        1800000001,
        member('wat', 'r2', ',"fails":1'),
      );
      expect(await post('delete_retry_job/1800000000/r1')).toEqual({ status: 200, body: OK });
      expect(await redis.zrange(key('retry'), 0, -1)).toEqual([member('wat', 'r2', ',"fails":1')]);
      expect(await post('delete_retry_job/1800000000/r1')).toMatchObject({
        status: 404,
        body: { error: 'nothing deleted' },
      });
    });

    it('delete_scheduled_job removes one scheduled job and releases its unique key', async () => {
      const enqueuer = app.get(Enqueuer);
      const job = (await enqueuer.enqueueUniqueIn('watter', 100, { a: 1 }))!;
      const uniqueKey = `${ns}:unique:watter:{"a":1}\n`;
      expect(await redis.exists(uniqueKey)).toBe(1);

      expect(await post(`delete_scheduled_job/${job.runAt}/${job.id}`)).toEqual({
        status: 200,
        body: OK,
      });
      expect(await redis.exists(key('scheduled'))).toBe(0);
      expect(await redis.exists(uniqueKey)).toBe(0);
      expect(await enqueuer.enqueueUniqueIn('watter', 100, { a: 1 })).not.toBeNull();
    });

    it('run_scheduled_job moves one scheduled job to its queue now', async () => {
      const job = await app.get(Enqueuer).enqueueIn('watter', 100, { a: 1 });
      expect(await post(`run_scheduled_job/${job.runAt}/${job.id}`)).toEqual({
        status: 200,
        body: OK,
      });
      expect(await redis.exists(key('scheduled'))).toBe(0);
      const [queued] = await redis.lrange(key('jobs:watter'), 0, -1);
      expect(JSON.parse(queued)).toMatchObject({ name: 'watter', id: job.id, args: { a: 1 } });
      expect(await post(`run_scheduled_job/${job.runAt}/${job.id}`)).toMatchObject({
        status: 404,
        body: { error: 'nothing queued' },
      });
    });

    it('run_scheduled_job refuses (409) a job whose name no pool knows, leaving it scheduled', async () => {
      await redis.zadd(key('scheduled'), 1800000000, member('ghost', 's1'));
      const reply = await post('run_scheduled_job/1800000000/s1');
      expect(reply.status).toBe(409);
      expect(await redis.zcard(key('scheduled'))).toBe(1);
      expect(await redis.exists(key('jobs:ghost'))).toBe(0);
    });

    it('run_retry_job moves one retry job to its queue now, keeping its fail count', async () => {
      await redis.sadd(key('known_jobs'), 'wat');
      await redis.zadd(
        key('retry'),
        1800000000,
        member('wat', 'r1', ',"fails":2,"err":"boom","failed_at":1700000100'),
      );
      expect(await post('run_retry_job/1800000000/r1')).toEqual({ status: 200, body: OK });
      expect(await redis.exists(key('retry'))).toBe(0);
      const [queued] = await redis.lrange(key('jobs:wat'), 0, -1);
      expect(JSON.parse(queued)).toMatchObject({ id: 'r1', fails: 2 });
    });

    it('retry_dead_jobs/:job_name retries only that name; 409 for a name no pool knows', async () => {
      await redis.sadd(key('known_jobs'), 'wat', 'other');
      await redis.zadd(
        key('dead'),
        1700000100,
        deadMember('wat', 'w1'),
        1700000200,
        deadMember('other', 'o1'),
        1700000300,
        deadMember('wat', 'w2'),
      );
      expect(await post('retry_dead_jobs/wat')).toEqual({
        status: 200,
        body: { status: 'ok', requeued: 2, unknown: 0, unencodable: 0 },
      });
      expect(await redis.llen(key('jobs:wat'))).toBe(2);
      expect(await redis.zrange(key('dead'), 0, -1)).toEqual([deadMember('other', 'o1')]);

      const refused = await post('retry_dead_jobs/nope');
      expect(refused.status).toBe(409);
      expect(refused.body.error).toContain('"nope"');
      expect(await redis.zcard(key('dead'))).toBe(1);
    });

    it('pause and unpause set and delete NSjobs:<name>:paused (names are URL-decoded)', async () => {
      expect(await post('pause/wat')).toEqual({ status: 200, body: OK });
      expect(await redis.get(key('jobs:wat:paused'))).toBe('1');
      await redis.sadd(key('known_jobs'), 'wat');
      expect((await get('queues')).body).toEqual([
        expect.objectContaining({ job_name: 'wat', paused: true }),
      ]);

      expect(await post('unpause/wat')).toEqual({ status: 200, body: OK });
      expect(await redis.exists(key('jobs:wat:paused'))).toBe(0);
      expect(await post('unpause/wat')).toEqual({ status: 200, body: OK }); // idempotent

      expect(await post(`pause/${encodeURIComponent('mail/send me')}`)).toEqual({
        status: 200,
        body: OK,
      });
      expect(await redis.get(key('jobs:mail/send me:paused'))).toBe('1');
    });

    it('delete_queue needs ?confirm=<job_name>, then deletes only the queue list', async () => {
      const enqueuer = app.get(Enqueuer);
      for (let i = 0; i < 3; i++) await enqueuer.enqueue('wat', { i });
      await enqueuer.enqueue('keep', null);

      for (const query of ['', '?confirm=', '?confirm=keep', '?confirm=wat&confirm=wat']) {
        const reply = await post(`delete_queue/wat${query}`);
        expect(reply).toEqual({ status: 400, body: { error: expect.stringContaining('confirm') } });
      }
      expect(await redis.llen(key('jobs:wat'))).toBe(3);

      expect(await post('delete_queue/wat?confirm=wat')).toEqual({
        status: 200,
        body: { status: 'ok', deleted: 3 },
      });
      expect(await redis.exists(key('jobs:wat'))).toBe(0);
      expect(await redis.llen(key('jobs:keep'))).toBe(1);
      expect(await redis.smembers(key('known_jobs'))).toEqual(
        expect.arrayContaining(['wat', 'keep']),
      );
      expect(await post('delete_queue/wat?confirm=wat')).toEqual({
        status: 200,
        body: { status: 'ok', deleted: 0 },
      });
    });

    it('jobs/:job_id finds a job in retry, scheduled or dead; 404 when absent', async () => {
      await redis.zadd(key('retry'), 1800000000, member('wat', 'in-retry', ',"fails":1'));
      await redis.zadd(key('scheduled'), 1800000001, member('wat', 'in-scheduled'));
      await redis.zadd(key('dead'), 1700000100, deadMember('wat', 'in-dead'));

      const retry = await get('jobs/in-retry');
      expect(retry).toEqual({
        status: 200,
        body: {
          set: 'retry',
          score: 1800000000,
          job: {
            name: 'wat',
            id: 'in-retry',
            t: 1700000000,
            args: { a: 1 },
            fails: 1,
            err: '',
            failed_at: 0,
          },
        },
      });
      expect((await get('jobs/in-scheduled')).body).toMatchObject({
        set: 'scheduled',
        score: 1800000001,
      });
      expect((await get('jobs/in-dead')).body).toMatchObject({
        set: 'dead',
        score: 1700000100,
        job: { err: 'boom' },
      });

      const missing = await get('jobs/nowhere');
      expect(missing).toEqual({
        status: 404,
        body: { error: expect.stringContaining('"nowhere"') },
      });
    });
  });

  describe('bad parameters', () => {
    it.each([
      'retry_jobs?page=abc',
      'retry_jobs?page=0',
      'scheduled_jobs?page=-1',
      'dead_jobs?page=1.5',
      'dead_jobs?page=1e3',
      'dead_jobs?page=',
      'dead_jobs?page=%201',
      'dead_jobs?page=1&page=2',
      'dead_jobs?page=99999999999999999999',
      'dead_jobs?page_size=0',
      'dead_jobs?page_size=1001',
      'retry_jobs?page_size=ten',
    ])('GET %s → 400 naming the parameter', async (path) => {
      const reply = await get(path);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        error: expect.stringMatching(/^parameter "page(_size)?" must be/),
      });
    });

    it.each([
      'delete_dead_job/abc/x',
      'retry_dead_job/1.5/x',
      'delete_retry_job/1e9/x',
      'run_retry_job/99999999999999999999/x',
      'run_scheduled_job/%20/x',
      'delete_scheduled_job/+5/x',
    ])('POST %s → 400 for a score that is not an integer', async (path) => {
      const reply = await post(path);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatch(
        /^parameter "(died_at|retry_at|run_at)" must be an integer epoch in seconds/,
      );
    });

    it('a well-formed score that matches nothing is a 404, negative ones included', async () => {
      expect(await post('run_scheduled_job/-5/x')).toMatchObject({
        status: 404,
        body: { error: 'nothing queued' },
      });
      expect(await post('delete_retry_job/0/x')).toMatchObject({
        status: 404,
        body: { error: 'nothing deleted' },
      });
    });

    it('unknown routes under the admin path are JSON 404s; GET on a POST route is not served', async () => {
      expect((await get('no_such_route')).status).toBe(404);
      expect((await get('retry_all_dead_jobs')).status).toBe(404);
      expect((await post('queues')).status).toBe(404);
    });
  });
});
