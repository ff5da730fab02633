import { FixedClock } from './clock';
import { NotFoundError, UnknownJobError } from './client-errors';
import { DEFAULT_DEAD_MAX_AGE_SECONDS, DEFAULT_DEAD_MAX_JOBS } from './client-types';
import { parseJob } from './job';
import { waitFor } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';
import { addDead, addJob, ClientFactory, hexId } from '../../../../test/harness/client';

/** What the Client adds to gocraft's: pause, run now, find, retry by name, deletion, retention. */
describe('Client additions', () => {
  let bed: WorkTestBed;
  let clients: ClientFactory;
  beforeEach(() => {
    bed = new WorkTestBed('client-add');
    clients = new ClientFactory(bed);
  });
  afterEach(async () => {
    await clients.closeAll();
    await bed.close();
  });

  it('pauseJob stops a running pool fetching that name; unpauseJob resumes it', async () => {
    const client = clients.open();
    const ran: number[] = [];
    const pool = bed.pool({ concurrency: 2 });
    pool.job('p', (job) => void ran.push(job.argInt64('n')));
    pool.job('other', () => undefined);
    await pool.start();
    await client.pauseJob('p');
    expect(await bed.redis.get(bed.key('jobs:p:paused'))).toBe('1');
    const enqueuer = bed.enqueuer();
    for (let n = 1; n <= 3; n++) await enqueuer.enqueue('p', { n });
    // drain() resolves once a fetch finds nothing eligible and nothing runs: the paused queue.
    await pool.drain();
    expect(ran).toEqual([]);
    expect(await bed.redis.llen(bed.key('jobs:p'))).toBe(3);
    expect((await client.queues()).find((q) => q.job_name === 'p')).toMatchObject({
      count: 3,
      paused: true,
    });
    await client.unpauseJob('p');
    expect(await bed.redis.exists(bed.key('jobs:p:paused'))).toBe(0);
    await pool.drain();
    expect(ran.sort()).toEqual([1, 2, 3]);
    expect((await client.queues()).find((q) => q.job_name === 'p')).toMatchObject({
      count: 0,
      latency: 0,
      paused: false,
      lock: 0,
    });
  });

  it('queues() reports max_concurrency, the in-flight lock and the advertised priority', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'm');
    await bed.redis.set(bed.key('jobs:m:max_concurrency'), '3');
    await bed.redis.set(bed.key('jobs:m:lock'), '2');
    await bed.redis.set(bed.key('jobs:m:paused'), '');
    expect(await clients.open().queues()).toEqual([
      {
        job_name: 'm',
        count: 0,
        latency: 0,
        paused: true,
        max_concurrency: 3,
        lock: 2,
        priority: null,
        configured_max_concurrency: [],
      },
    ]);
    await bed.redis.set(bed.key('jobs:m:priority'), '7');
    expect((await clients.open().queues())[0].priority).toBe(7);
  });

  it('runScheduledJobNow moves that job to its queue with t = now and keeps its unique key', async () => {
    const enqueuer = bed.enqueuer({ clock: new FixedClock(1000) });
    const later = await enqueuer.enqueueIn('s', 3600, { a: 1 });
    const unique = (await enqueuer.enqueueUniqueIn('s', 7200, { u: 1 }))!;
    const client = clients.open({ clock: new FixedClock(1500) });
    await client.runScheduledJobNow(later.runAt, later.id);
    expect(JSON.parse((await bed.redis.lrange(bed.key('jobs:s'), 0, -1))[0])).toEqual({
      name: 's',
      id: later.id,
      t: 1500,
      args: { a: 1 },
    });
    expect(await bed.redis.zrange(bed.key('scheduled'), 0, -1)).toEqual([
      `{"name":"s","id":"${unique.id}","t":1000,"args":{"u":1},"unique":true}`,
    ]);
    await client.runScheduledJobNow(unique.runAt, unique.id);
    const queued = (await bed.redis.lrange(bed.key('jobs:s'), 0, -1)).map((q) => JSON.parse(q));
    expect(queued[0]).toEqual({ name: 's', id: unique.id, t: 1500, args: { u: 1 }, unique: true });
    expect(await bed.redis.get(bed.key('unique:s:{"u":1}\n'))).toBe('1');
    expect(await bed.redis.zcard(bed.key('scheduled'))).toBe(0);
    await expect(client.runScheduledJobNow(later.runAt, later.id)).rejects.toThrow(NotFoundError);
  });

  it('runRetryJobNow keeps the failure but drops a stale unique flag', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'r');
    // As a Go pool leaves a failed unique job: it still says unique, though its key was released.
    await addJob(bed, 'retry', 5000, {
      name: 'r',
      id: hexId(1),
      args: { x: 'y' },
      unique: true,
      fails: 2,
      lastErr: 'boom',
      failedAt: 4000,
    });
    await clients.open({ clock: new FixedClock(4500) }).runRetryJobNow(5000, hexId(1));
    expect(await bed.redis.zcard(bed.key('retry'))).toBe(0);
    const queued = JSON.parse((await bed.redis.lrange(bed.key('jobs:r'), 0, -1))[0]);
    expect(queued).toEqual({
      name: 'r',
      id: hexId(1),
      t: 4500,
      args: { x: 'y' },
      fails: 2,
      err: 'boom',
      failed_at: 4000,
    });
  });

  it('run-now leaves a job whose name no pool registered where it is', async () => {
    const member = await addJob(bed, 'scheduled', 5000, { name: 'ghost', id: hexId(2) });
    const client = clients.open();
    await expect(client.runScheduledJobNow(5000, hexId(2))).rejects.toThrow(UnknownJobError);
    await expect(client.runScheduledJobNow(5000, hexId(2))).rejects.toThrow(/not in known_jobs/);
    expect(await bed.redis.zrange(bed.key('scheduled'), 0, -1, 'WITHSCORES')).toEqual([
      member,
      '5000',
    ]);
    expect(await bed.redis.exists(bed.key('jobs:ghost'))).toBe(0);
  });

  it('findJob finds a job by id in retry, scheduled or dead, with its score', async () => {
    await addJob(bed, 'retry', 100, { name: 'a', id: hexId(1) });
    await addJob(bed, 'scheduled', 200, { name: 'b', id: hexId(2) });
    await addDead(bed, 300, 'c', hexId(3));
    // The id appears in another member's args: that member must not be taken for it.
    await addJob(bed, 'retry', 50, {
      name: 'a',
      id: hexId(4),
      args: { ref: `"id":"${hexId(3)}"` },
    });
    const client = clients.open();
    expect(await client.findJob(hexId(2))).toEqual({
      set: 'scheduled',
      score: 200,
      job: { name: 'b', id: hexId(2), t: 1425263409, args: null, fails: 0, err: '', failed_at: 0 },
    });
    expect(await client.findJob(hexId(1))).toMatchObject({
      set: 'retry',
      score: 100,
      job: { id: hexId(1) },
    });
    expect(await client.findJob(hexId(3))).toMatchObject({
      set: 'dead',
      score: 300,
      job: { id: hexId(3), err: 'ohno' },
    });
    expect(await client.findJob(hexId(99))).toBeNull();
  });

  it('findJob scans large sets in chunks and finds ids that cjson escaped', async () => {
    const pipe = bed.redis.pipeline();
    for (let i = 0; i < 5000; i++)
      pipe.zadd(bed.key('dead'), i, `{"name":"bulk","id":"${hexId(i)}","t":1,"args":null}`);
    await pipe.exec();
    // A periodic job after a cjson requeue: "/" became "\/" and keys were reordered (spec §1.4).
    const periodicId = 'periodic:p:*/5 * * * * ?:1468359478';
    await bed.redis.zadd(
      bed.key('dead'),
      9999,
      `{"id":"periodic:p:*\\/5 * * * * ?:1468359478","t":1468359478,"name":"p","args":null}`,
    );
    const client = clients.open();
    expect(await client.findJob(hexId(4321))).toMatchObject({ set: 'dead', score: 4321 });
    expect(await client.findJob(periodicId)).toMatchObject({
      set: 'dead',
      score: 9999,
      job: { name: 'p', id: periodicId },
    });
    expect(await client.findJob('periodic:p:*/5 * * * * ?:1')).toBeNull();
  });

  it('retryDeadJobsByName retries only that name, and refuses a name no pool registered', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'a', 'b');
    await addDead(bed, 10, 'a', hexId(1));
    await addDead(bed, 11, 'b', hexId(2));
    await addDead(bed, 12, 'a', hexId(3));
    const ghost = await addDead(bed, 13, 'ghost', hexId(4));
    const client = clients.open({ clock: new FixedClock(1000) });
    expect(await client.retryDeadJobsByName('a')).toEqual({
      requeued: 2,
      unknown: 0,
      unencodable: 0,
    });
    expect((await bed.redis.lrange(bed.key('jobs:a'), 0, -1)).map((q) => JSON.parse(q).id)).toEqual(
      [hexId(3), hexId(1)],
    );
    await expect(client.retryDeadJobsByName('ghost')).rejects.toThrow(UnknownJobError);
    const dead = await bed.redis.zrange(bed.key('dead'), 0, -1, 'WITHSCORES');
    expect(dead).toEqual([expect.stringContaining(hexId(2)), '11', ghost, '13']);
  });

  it('retryDeadJob of an unknown name keeps it in dead at now+5 and says why', async () => {
    await addDead(bed, 10, 'ghost', hexId(1));
    const client = clients.open({ clock: new FixedClock(1000) });
    await expect(client.retryDeadJob(10, hexId(1))).rejects.toThrow(UnknownJobError);
    const dead = await bed.redis.zrange(bed.key('dead'), 0, -1, 'WITHSCORES');
    expect(dead[1]).toBe('1005');
    expect(JSON.parse(dead[0])).toMatchObject({
      err: 'unknown job when requeueing',
      failed_at: 1000,
      fails: 1,
    });
  });

  it('deleteQueue deletes only the queue list and returns how many jobs it held', async () => {
    const enqueuer = bed.enqueuer();
    for (let i = 0; i < 3; i++) await enqueuer.enqueue('q', { i });
    const client = clients.open();
    await client.pauseJob('q');
    expect(await client.deleteQueue('q')).toBe(3);
    expect(await bed.redis.exists(bed.key('jobs:q'))).toBe(0);
    expect(await bed.redis.sismember(bed.key('known_jobs'), 'q')).toBe(1);
    expect(await bed.redis.get(bed.key('jobs:q:paused'))).toBe('1');
    expect(await client.deleteQueue('q')).toBe(0);
  });

  it('trimDeadJobs removes by age (inclusive cutoff) then keeps the newest maxJobs', async () => {
    const now = 1_000_000;
    const pipe = bed.redis.pipeline();
    for (const age of [200, 150, 100]) pipe.zadd(bed.key('dead'), now - age, `old-${age}`);
    for (let age = 99; age >= 90; age--) pipe.zadd(bed.key('dead'), now - age, `recent-${age}`);
    await pipe.exec();
    const client = clients.open({ clock: new FixedClock(now) });
    expect(await client.trimDeadJobs({ maxJobs: 5, maxAgeSeconds: 100 })).toEqual({
      removedByAge: 3,
      removedByCount: 5,
    });
    expect(await bed.redis.zrange(bed.key('dead'), 0, -1)).toEqual([
      'recent-94',
      'recent-93',
      'recent-92',
      'recent-91',
      'recent-90',
    ]);
    expect(await client.trimDeadJobs({ maxJobs: 5, maxAgeSeconds: 100 })).toEqual({
      removedByAge: 0,
      removedByCount: 0,
    });
    expect(await client.trimDeadJobs({ maxJobs: Infinity, maxAgeSeconds: 92 })).toEqual({
      removedByAge: 3,
      removedByCount: 0,
    });
    expect(await client.trimDeadJobs({ maxJobs: 0, maxAgeSeconds: Infinity })).toEqual({
      removedByAge: 0,
      removedByCount: 2,
    });
    expect(await bed.redis.exists(bed.key('dead'))).toBe(0);
  });

  it('trimDeadJobs defaults to 10,000 jobs and 180 days', async () => {
    expect(DEFAULT_DEAD_MAX_JOBS).toBe(10_000);
    expect(DEFAULT_DEAD_MAX_AGE_SECONDS).toBe(15_552_000);
    const now = 1_700_000_000;
    const pipe = bed.redis.pipeline();
    pipe.zadd(bed.key('dead'), now - DEFAULT_DEAD_MAX_AGE_SECONDS, 'just-too-old');
    for (let i = 0; i < 10_002; i++)
      pipe.zadd(bed.key('dead'), now - DEFAULT_DEAD_MAX_AGE_SECONDS + 1 + i, `m${i}`);
    await pipe.exec();
    const client = clients.open({ clock: new FixedClock(now) });
    expect(await client.trimDeadJobs()).toEqual({ removedByAge: 1, removedByCount: 2 });
    expect(await bed.redis.zcard(bed.key('dead'))).toBe(10_000);
    expect(await bed.redis.zrange(bed.key('dead'), 0, 0)).toEqual(['m2']);
  });

  it('deleteScheduledJob releases a by-key unique key, so the same enqueue succeeds again', async () => {
    const enqueuer = bed.enqueuer();
    const job = (await enqueuer.enqueueUniqueInByKey('bk', 60, { a: 1 }, { key: 'k1' }))!;
    const key = bed.key('unique:bk:{"key":"k1"}\n');
    expect(job.uniqueKey).toBe(key);
    expect(await bed.redis.get(key)).toBe('1');
    expect(await enqueuer.enqueueUniqueInByKey('bk', 60, { a: 2 }, { key: 'k1' })).toBeNull();
    await clients.open().deleteScheduledJob(job.runAt, job.id);
    expect(await bed.redis.exists(key)).toBe(0);
    expect(await enqueuer.enqueueUniqueInByKey('bk', 60, { a: 3 }, { key: 'k1' })).not.toBeNull();
  });

  it('deleteRetryJob never deletes the unique key a newer duplicate holds', async () => {
    const enqueuer = bed.enqueuer();
    const first = (await enqueuer.enqueueUnique('u', { a: 1 }))!;
    const pool = bed.pool();
    pool.job('u', () => Promise.reject(new Error('no')), { backoff: () => 3600 });
    await pool.start();
    await waitFor(
      async () => (await bed.redis.zcard(bed.key('retry'))) === 1,
      'the failed unique job in retry',
    );
    await pool.stop();
    const key = bed.key('unique:u:{"a":1}\n');
    // The failed attempt released the key, so a duplicate is accepted and now holds it.
    const second = await enqueuer.enqueueUnique('u', { a: 1 });
    expect(second).not.toBeNull();
    expect(await bed.redis.get(key)).toBe('1');
    const client = clients.open();
    const [retry] = (await client.retryJobs()).jobs;
    expect(retry).toMatchObject({ id: first.id, fails: 1 });
    await client.deleteRetryJob(retry.retry_at, first.id);
    expect(await bed.redis.get(key)).toBe('1');
    // A Go pool's retry copy still says "unique": deleting it must not touch the key either.
    await addJob(bed, 'retry', 777, {
      name: 'u',
      id: hexId(7),
      args: { a: 1 },
      unique: true,
      fails: 1,
      lastErr: 'x',
      failedAt: 700,
    });
    await client.deleteRetryJob(777, hexId(7));
    expect(await bed.redis.get(key)).toBe('1');
  });

  it('retrying a dead job drops err_stack and a stale unique flag', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'd');
    await addJob(bed, 'dead', 10, {
      name: 'd',
      id: hexId(1),
      args: { k: 'v' },
      unique: true,
      uniqueKey: bed.key('unique:d:x'),
      fails: 4,
      lastErr: 'e',
      failedAt: 10,
      errStack: 'Error: e\n    at x',
    });
    await clients.open({ clock: new FixedClock(20) }).retryDeadJob(10, hexId(1));
    const raw = (await bed.redis.lrange(bed.key('jobs:d'), 0, -1))[0];
    expect(JSON.parse(raw)).toEqual({ name: 'd', id: hexId(1), t: 20, args: { k: 'v' } });
    expect(parseJob(raw).unique).toBe(false);
  });
});
