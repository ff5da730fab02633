import { FixedClock } from './clock';
import { NotFoundError } from './client-errors';
import { parseJob } from './job';
import { waitFor } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';
import { addDead, ClientFactory, hexId } from '../../../../test/harness/client';

/** gocraft's client_test.go, item by item (spec §13), against a real Redis. */
describe('Client (client_test)', () => {
  let bed: WorkTestBed;
  let clients: ClientFactory;
  beforeEach(() => {
    bed = new WorkTestBed('client');
    clients = new ClientFactory(bed);
  });
  afterEach(async () => {
    await clients.closeAll();
    await bed.close();
  });

  /** Writes a heartbeat exactly as a pool's heartbeater does (spec §7.1). */
  async function beat(poolId: string, fields: Record<string, string>): Promise<void> {
    await bed.redis.sadd(bed.key('worker_pools'), poolId);
    await bed.redis.hset(bed.key(`worker_pools:${poolId}`), fields);
  }

  it('lists worker pool heartbeats sorted by pool id, with sorted job names and worker ids', async () => {
    const ids10 = Array.from({ length: 10 }, (_, i) => hexId(100 + i));
    const ids11 = Array.from({ length: 11 }, (_, i) => hexId(200 + i));
    await beat('bbbbbbbbbbbbbbbbbbbbbbbb', {
      heartbeat_at: '1425263409',
      started_at: '1425263400',
      job_names: 'foo,bar',
      concurrency: '11',
      worker_ids: [...ids11].reverse().join(','),
      host: 'h2',
      pid: '222',
    });
    await beat('aaaaaaaaaaaaaaaaaaaaaaaa', {
      heartbeat_at: '1425263408',
      started_at: '1425263401',
      job_names: 'wat,bob',
      concurrency: '10',
      worker_ids: ids10.join(','),
      host: 'h1',
      pid: '111',
    });
    const client = clients.open();
    const heartbeats = await client.workerPoolHeartbeats();
    expect(JSON.stringify(heartbeats)).toBe(
      JSON.stringify([
        {
          worker_pool_id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
          started_at: 1425263401,
          heartbeat_at: 1425263408,
          job_names: ['bob', 'wat'],
          concurrency: 10,
          host: 'h1',
          pid: 111,
          worker_ids: ids10,
        },
        {
          worker_pool_id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
          started_at: 1425263400,
          heartbeat_at: 1425263409,
          job_names: ['bar', 'foo'],
          concurrency: 11,
          host: 'h2',
          pid: 222,
          worker_ids: ids11,
        },
      ]),
    );
    // What a pool's Stop does: SREM and DEL.
    for (const id of ['aaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbb']) {
      await bed.redis.srem(bed.key('worker_pools'), id);
      await bed.redis.del(bed.key(`worker_pools:${id}`));
    }
    expect(await client.workerPoolHeartbeats()).toEqual([]);
  });

  it('lists one observation per worker of every pool, busy ones with their job', async () => {
    const workerIds = Array.from({ length: 10 }, (_, i) => hexId(300 + i));
    await beat('cccccccccccccccccccccccc', {
      heartbeat_at: '1425263409',
      started_at: '1425263409',
      job_names: 'foo,wat',
      concurrency: '10',
      worker_ids: workerIds.join(','),
      host: 'h',
      pid: '1',
    });
    // Written exactly as the observer does (spec §7.2): HMSET then EXPIRE 86400.
    await bed.redis.hset(bed.key(`worker:${workerIds[3]}`), {
      job_name: 'foo',
      job_id: hexId(1),
      started_at: '1425263409',
      args: '{"a":3,"b":4}',
    });
    await bed.redis.expire(bed.key(`worker:${workerIds[3]}`), 86400);
    await bed.redis.hset(bed.key(`worker:${workerIds[7]}`), {
      job_name: 'wat',
      job_id: hexId(2),
      started_at: '1425263410',
      args: '',
      checkin: 'halfway',
      checkin_at: '1425263411',
    });
    const client = clients.open();
    const observations = await client.workerObservations();
    expect(observations.map((o) => o.worker_id)).toEqual(workerIds);
    expect(observations.filter((o) => o.is_busy)).toEqual([
      {
        worker_id: workerIds[3],
        is_busy: true,
        job_name: 'foo',
        job_id: hexId(1),
        started_at: 1425263409,
        args_json: '{"a":3,"b":4}',
        checkin: '',
        checkin_at: 0,
      },
      {
        worker_id: workerIds[7],
        is_busy: true,
        job_name: 'wat',
        job_id: hexId(2),
        started_at: 1425263410,
        args_json: '',
        checkin: 'halfway',
        checkin_at: 1425263411,
      },
    ]);
    expect(JSON.stringify(observations[0])).toBe(
      `{"worker_id":"${workerIds[0]}","is_busy":false,"job_name":"","job_id":"","started_at":0,"args_json":"","checkin":"","checkin_at":0}`,
    );
    await bed.redis.del(bed.key('worker_pools'), bed.key('worker_pools:cccccccccccccccccccccccc'));
    expect(await client.workerObservations()).toEqual([]);
  });

  it('lists known queues sorted by name with count and latency of the oldest job', async () => {
    const clock = new FixedClock(1425263409);
    const enqueuer = bed.enqueuer({ clock });
    await bed.redis.sadd(bed.key('known_jobs'), 'zaz');
    await enqueuer.enqueue('foo', { a: 1 });
    clock.epoch = 1425263509;
    await enqueuer.enqueue('foo', { a: 2 });
    clock.epoch = 1425263609;
    await enqueuer.enqueue('wat', null);
    clock.epoch = 1425263709;
    const queues = await clients.open({ clock }).queues();
    expect(JSON.stringify(queues)).toBe(
      '[{"job_name":"foo","count":2,"latency":300,"paused":false,"max_concurrency":0,"lock":0,"priority":null,"configured_max_concurrency":[]},' +
        '{"job_name":"wat","count":1,"latency":100,"paused":false,"max_concurrency":0,"lock":0,"priority":null,"configured_max_concurrency":[]},' +
        '{"job_name":"zaz","count":0,"latency":0,"paused":false,"max_concurrency":0,"lock":0,"priority":null,"configured_max_concurrency":[]}]',
    );
  });

  it('lists scheduled jobs in run-at order with t = the enqueue time', async () => {
    const clock = new FixedClock(1425263409);
    const enqueuer = bed.enqueuer({ clock });
    const wat = await enqueuer.enqueueIn('wat', 0, { a: 1, b: 2 });
    const zaz = await enqueuer.enqueueIn('zaz', 4, { a: 3, b: 4 });
    const foo = await enqueuer.enqueueIn('foo', 2, { a: 5, b: 6 });
    const page = await clients.open().scheduledJobs(1);
    expect(page.count).toBe(3);
    expect(JSON.stringify(page.jobs)).toBe(
      JSON.stringify([
        {
          run_at: 1425263409,
          name: 'wat',
          id: wat.id,
          t: 1425263409,
          args: { a: 1, b: 2 },
          fails: 0,
          err: '',
          failed_at: 0,
        },
        {
          run_at: 1425263411,
          name: 'foo',
          id: foo.id,
          t: 1425263409,
          args: { a: 5, b: 6 },
          fails: 0,
          err: '',
          failed_at: 0,
        },
        {
          run_at: 1425263413,
          name: 'zaz',
          id: zaz.id,
          t: 1425263409,
          args: { a: 3, b: 4 },
          fails: 0,
          err: '',
          failed_at: 0,
        },
      ]),
    );
  });

  /** Runs one failing job (enqueued at 409, failing at 429) through a pool, then stops it. */
  async function failOnce(maxFails: number): Promise<string> {
    const clock = new FixedClock(1425263409);
    const job = await bed.enqueuer({ clock }).enqueue('wat', { a: 1 });
    clock.epoch = 1425263429;
    const pool = bed.pool({ clock });
    pool.job('wat', () => Promise.reject(new Error('ohno')), { maxFails, backoff: () => 10 });
    await pool.start();
    const target = bed.key(maxFails > 1 ? 'retry' : 'dead');
    await waitFor(async () => (await bed.redis.zcard(target)) === 1, `the failure in ${target}`);
    await pool.stop();
    return job.id;
  }

  it('lists retry jobs with retry_at, the failure and the original t', async () => {
    const id = await failOnce(4);
    const page = await clients.open().retryJobs(1);
    expect(page.count).toBe(1);
    const { err_stack, ...shown } = page.jobs[0];
    expect(JSON.stringify(shown)).toBe(
      JSON.stringify({
        retry_at: 1425263439,
        name: 'wat',
        id,
        t: 1425263409,
        args: { a: 1 },
        fails: 1,
        err: 'ohno',
        failed_at: 1425263429,
      }),
    );
    expect(err_stack).toMatch(/^Error: ohno\n/);
  });

  it('lists dead jobs by page and deletes one by died_at and id', async () => {
    const id = await failOnce(1);
    const client = clients.open();
    const page = await client.deadJobs(1);
    expect(page.count).toBe(1);
    expect(page.jobs[0]).toMatchObject({
      died_at: 1425263429,
      name: 'wat',
      id,
      t: 1425263409,
      args: { a: 1 },
      fails: 1,
      err: 'ohno',
      failed_at: 1425263429,
    });
    expect(Object.keys(page.jobs[0])[0]).toBe('died_at');
    expect(await client.deadJobs(2)).toEqual({ count: 1, jobs: [] });
    await client.deleteDeadJob(1425263429, id);
    expect(await client.deadJobs(1)).toEqual({ count: 0, jobs: [] });
  });

  it('deletes dead jobs one by one, including two that share a score', async () => {
    await addDead(bed, 12345, 'wat', hexId(1));
    await addDead(bed, 12346, 'wat', hexId(2));
    await addDead(bed, 12347, 'wat', hexId(3));
    await addDead(bed, 12347, 'wat', hexId(4));
    const client = clients.open();
    const ids = (await client.deadJobs(1)).jobs.map((j) => [j.died_at, j.id] as const);
    expect(ids).toEqual([
      [12345, hexId(1)],
      [12346, hexId(2)],
      [12347, hexId(3)],
      [12347, hexId(4)],
    ]);
    let left = 4;
    for (const [diedAt, id] of [ids[2], ids[0], ids[3], ids[1]]) {
      await client.deleteDeadJob(diedAt, id);
      left--;
      expect(await bed.redis.zcard(bed.key('dead'))).toBe(left);
      await expect(client.deleteDeadJob(diedAt, id)).rejects.toThrow(NotFoundError);
    }
  });

  it('retries dead jobs one by one onto their queues with the failure cleared and t = now', async () => {
    const names = ['wat1', 'wat2', 'wat3', 'wat4'];
    await bed.redis.sadd(bed.key('known_jobs'), ...names);
    for (let i = 0; i < 4; i++) await addDead(bed, 12345 + i, names[i], hexId(i + 1), { n: i });
    const client = clients.open({ clock: new FixedClock(1425263409) });
    for (let i = 0; i < 4; i++) {
      await client.retryDeadJob(12345 + i, hexId(i + 1));
      expect(await bed.redis.zcard(bed.key('dead'))).toBe(3 - i);
      const queued = await bed.redis.lrange(bed.key(`jobs:${names[i]}`), 0, -1);
      expect(queued).toHaveLength(1);
      // cjson's key order is its own (spec §1.4); compare the decoded object.
      expect(JSON.parse(queued[0])).toEqual({
        name: names[i],
        id: hexId(i + 1),
        t: 1425263409,
        args: { n: i },
      });
      const job = parseJob(queued[0]);
      expect([job.fails, job.lastErr, job.failedAt]).toEqual([0, '', 0]);
    }
    await expect(client.retryDeadJob(12345, hexId(1))).rejects.toThrow('nothing retried');
  });

  it('keeps the args of a retried dead job', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'wat');
    await addDead(bed, 12345, 'wat', hexId(9), { a: 'wat' });
    await clients.open().retryDeadJob(12345, hexId(9));
    const job = parseJob((await bed.redis.rpop(bed.key('jobs:wat')))!);
    expect(job.argString('a')).toBe('wat');
    expect(job.argError()).toBeNull();
  });

  it('deletes all dead jobs', async () => {
    for (let i = 0; i < 4; i++) await addDead(bed, 12345 + i, 'wat', hexId(i));
    const client = clients.open();
    expect(await client.deleteAllDeadJobs()).toBe(4);
    expect(await bed.redis.exists(bed.key('dead'))).toBe(0);
    expect(await client.deadJobs(1)).toEqual({ count: 0, jobs: [] });
  });

  it('retries all dead jobs with t = the mocked now and the failure cleared', async () => {
    const names = ['wat1', 'wat2', 'wat3', 'wat4'];
    await bed.redis.sadd(bed.key('known_jobs'), ...names);
    for (let i = 0; i < 4; i++) await addDead(bed, 1425263000 + i, names[i], hexId(i));
    const client = clients.open({ clock: new FixedClock(1425263409) });
    expect(await client.retryAllDeadJobs()).toEqual({ requeued: 4, unknown: 0, unencodable: 0 });
    expect(await bed.redis.zcard(bed.key('dead'))).toBe(0);
    for (let i = 0; i < 4; i++) {
      const queued = await bed.redis.lrange(bed.key(`jobs:${names[i]}`), 0, -1);
      expect(queued.map((q) => JSON.parse(q))).toEqual([
        { name: names[i], id: hexId(i), t: 1425263409, args: null },
      ]);
    }
  });

  it('retries 10,000 dead jobs in batches and keeps the one of an unknown name', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'wat1');
    const pipe = bed.redis.pipeline();
    for (let i = 0; i < 10_000; i++) {
      pipe.zadd(
        bed.key('dead'),
        1425260000 + (i % 100),
        `{"name":"wat1","id":"${hexId(i)}","t":1425260000,"args":{"i":${i}},"fails":1,"err":"ohno","failed_at":1425260000}`,
      );
    }
    await pipe.exec();
    await addDead(bed, 1425263000, 'dontexist', hexId(99_999));
    const client = clients.open({ clock: new FixedClock(1425263409) });
    expect(await client.retryAllDeadJobs()).toEqual({
      requeued: 10_000,
      unknown: 1,
      unencodable: 0,
    });
    expect(await bed.redis.llen(bed.key('jobs:wat1'))).toBe(10_000);
    const dead = await bed.redis.zrange(bed.key('dead'), 0, -1, 'WITHSCORES');
    expect(dead).toHaveLength(2);
    expect(dead[1]).toBe('1425263414');
    expect(JSON.parse(dead[0])).toEqual({
      name: 'dontexist',
      id: hexId(99_999),
      t: 1425263409,
      args: null,
      fails: 1,
      err: 'unknown job when requeueing',
      failed_at: 1425263409,
    });
  });

  it('deletes a scheduled job by run_at and id, and reports a missing one', async () => {
    const client = clients.open();
    await expect(client.deleteScheduledJob(12345, 'bogus')).rejects.toThrow(NotFoundError);
    await expect(client.deleteScheduledJob(12345, 'bogus')).rejects.toThrow(/^nothing deleted/);
    const job = await bed.enqueuer().enqueueIn('foo', 10, { a: 1 });
    await client.deleteScheduledJob(job.runAt, job.id);
    expect(await bed.redis.zcard(bed.key('scheduled'))).toBe(0);
  });

  it('deleting a scheduled unique job releases its unique key', async () => {
    const enqueuer = bed.enqueuer();
    const job = await enqueuer.enqueueUniqueIn('foo', 10, { a: 'wat' });
    expect(job).not.toBeNull();
    const key = bed.key('unique:foo:{"a":"wat"}\n');
    expect(await bed.redis.get(key)).toBe('1');
    expect(await enqueuer.enqueueUniqueIn('foo', 10, { a: 'wat' })).toBeNull();
    await clients.open().deleteScheduledJob(job!.runAt, job!.id);
    expect(await bed.redis.exists(key)).toBe(0);
    expect(await enqueuer.enqueueUniqueIn('foo', 10, { a: 'wat' })).not.toBeNull();
  });

  it('deletes a retry job by retry_at and id', async () => {
    const id = await failOnce(4);
    const client = clients.open();
    const [retry] = (await client.retryJobs(1)).jobs;
    await client.deleteRetryJob(retry.retry_at, id);
    expect(await bed.redis.zcard(bed.key('retry'))).toBe(0);
    await expect(client.deleteRetryJob(retry.retry_at, id)).rejects.toThrow(NotFoundError);
  });
});
