import Redis from 'ioredis';
import { silentLogger, WorkLogger } from './logger';
import { Acknowledger, MAX_RETRY_DELAY_MS } from './acknowledger';
import { defineScripts } from './lua';
import { testRedisUrl, waitFor } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';

/**
 * An outcome batch that Redis refuses every time (here: the retry set planted as a string, so
 * every batch holding a retry fails naming that key) must not hold anything else up: stranded
 * jobs of other queues are still handed back, the refused job is neither handed back nor run
 * twice, the log says it once rather than four times a second, and once the key is mended the
 * retry goes through.
 */
describe('an outcome batch Redis keeps refusing', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('ackfail')));
  afterEach(() => bed.close());
  /** The keys an acknowledgement of queue `name` by pool p1 touches. */
  const ackTarget = (name: string) => ({
    inProgressKey: bed.key(`jobs:${name}:p1:inprogress`),
    lockKey: bed.key(`jobs:${name}:lock`),
    lockInfoKey: bed.key(`jobs:${name}:lock_info`),
  });

  it('is retried with backoff, logged once, and does not hold up the stranded-job check', async () => {
    await bed.redis.set(bed.key('retry'), 'not a zset');
    const errors: string[] = [];
    const logger: WorkLogger = { ...silentLogger, error: (message) => errors.push(message) };
    const ran: string[] = [];
    const pool = bed.pool({ concurrency: 2, logger });
    pool.job(
      'a',
      (job) => {
        ran.push(job.id);
        throw new Error('not yet');
      },
      { maxFails: 3 },
    );
    pool.job('b', (job) => void ran.push(job.id));
    const failing = await bed.enqueuer().enqueue('a', null);

    // Count the pool's attempts to write job a's outcome: batches that name the retry set first
    // and a's in-progress list (a fetch names the list too, but not the set).
    const inProgressA = bed.key(`jobs:a:${pool.poolId}:inprogress`);
    const monitor = await bed.redis.monitor();
    let attempts = 0;
    monitor.on('monitor', (_time: string, args: string[]) => {
      const ack = args[0].toLowerCase().startsWith('eval') && args[3] === bed.key('retry');
      if (ack && args.includes(inProgressA)) attempts++;
    });
    await pool.start();
    // The first write and two retries (after 250 and 500 ms).
    await waitFor(() => attempts >= 3, 'three attempts to write the refused outcome');
    const refusals = errors.filter((e) => e.startsWith('acknowledging 1 job(s) failed'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain(bed.key('retry'));

    // What a fetch whose reply was lost leaves behind in another queue: listed and locked.
    const inProgressB = bed.key(`jobs:b:${pool.poolId}:inprogress`);
    const stranded = '{"name":"b","id":"stranded","t":1,"args":{}}';
    await bed.leaveInProgress('b', pool.poolId, stranded);
    expect(await pool.reconcileInProgress()).toBe(1);
    await waitFor(() => ran.includes('stranded'), 'the stranded job to run');
    // Job a is done, its outcome unwritten: still listed, not handed back, run once.
    expect(await bed.redis.llen(inProgressA)).toBe(1);
    expect(await bed.redis.llen(bed.key('jobs:a'))).toBe(0);
    expect(ran.filter((id) => id === failing.id)).toHaveLength(1);

    // Mended, the next retry writes it: job a waits in the retry set, nothing is left in progress.
    await bed.redis.del(bed.key('retry'));
    await waitFor(
      async () => (await bed.redis.llen(inProgressA)) === 0,
      'the retried outcome to be written',
      MAX_RETRY_DELAY_MS + 5000,
    );
    monitor.disconnect();
    const [member] = await bed.redis.zrange(bed.key('retry'), 0, -1);
    expect(JSON.parse(member)).toMatchObject({ id: failing.id, fails: 1, err: 'not yet' });
    expect(await bed.redis.get(bed.key('jobs:a:lock'))).toBe('0');
    expect(await bed.redis.llen(inProgressB)).toBe(0);
    expect(ran.filter((id) => id === failing.id)).toHaveLength(1);
  });

  it('holds back only the outcomes that need a refused key, and names each key once', async () => {
    const redis = new Redis(testRedisUrl());
    defineScripts(redis);
    const monitor = await bed.redis.monitor();
    const errors: string[] = [];
    const logger: WorkLogger = { ...silentLogger, error: (message) => errors.push(message) };
    const acker = new Acknowledger(redis, 'p1', bed.key('retry'), bed.key('dead'), logger);
    try {
      const [a, b, c] = [ackTarget('a'), ackTarget('b'), ackTarget('c')];
      const job = (name: string, id: string) => `{"name":"${name}","id":"${id}","t":1,"args":null}`;
      // What fetches of these five jobs leave behind: listed in progress, locked. Two keys are
      // of no use to an acknowledgement: the retry set is a string, and queue c's lock is no count.
      await bed.leaveInProgress('a', 'p1', job('a', 'ok'), job('a', 'retry'), job('a', 'unique'));
      await bed.leaveInProgress('b', 'p1', job('b', 'ok'));
      await bed.leaveInProgress('c', 'p1', job('c', 'ok'));
      await redis
        .multi()
        .set(c.lockKey, 'one')
        .set(bed.key('unique:a'), 'held')
        .set(bed.key('retry'), 'not a zset')
        .exec();

      acker.add(a, job('a', 'ok'), 'ok');
      acker.add(a, job('a', 'retry'), 'retry', 100, 'retried member');
      acker.add(a, job('a', 'unique'), 'ok', 0, '', bed.key('unique:a'));
      acker.add(b, job('b', 'ok'), 'ok');
      acker.add(c, job('c', 'ok'), 'ok');
      // Attempts to write job a's retry alone, as a part of its own (group 1, with the zsets).
      let retryAttempts = 0;
      monitor.on('monitor', (_time: string, args: string[]) => {
        const ack = args[0].toLowerCase().startsWith('eval') && args[3] === bed.key('retry');
        if (ack && args[5] === a.inProgressKey && args[9] === '1z') retryAttempts++;
      });
      await acker.flush(); // one batch: refused whole, since it holds a retry
      expect(acker.pending).toBe(5);

      // The next attempt sends it in parts: all but job a's retry and job c are written.
      await waitFor(() => acker.pending === 2, 'the parts that need neither key to be written');
      expect(await redis.lrange(a.inProgressKey, 0, -1)).toEqual([job('a', 'retry')]);
      expect(await redis.llen(b.inProgressKey)).toBe(0);
      expect(await redis.get(a.lockKey)).toBe('1');
      expect(await redis.hget(a.lockInfoKey, 'p1')).toBe('1');
      expect(await redis.get(b.lockKey)).toBe('0');
      expect(await redis.exists(bed.key('unique:a'))).toBe(0);
      expect([...acker.unwritten()].sort()).toEqual([job('a', 'retry'), job('c', 'ok')]);
      // Each refusal is logged once, naming its key, though the two parts left fail in turn.
      await waitFor(() => retryAttempts >= 3, "three refused attempts of job a's retry");
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatch(/^acknowledging 5 job\(s\) failed/);
      expect(errors[0]).toContain(`${bed.key('retry')} is not a zset`);
      expect(errors[1]).toMatch(/^acknowledging 1 job\(s\) failed/);
      expect(errors[1]).toContain(`${c.lockKey} holds one, not an integer`);

      // Mended, the held-back outcomes go through.
      await redis.del(bed.key('retry'));
      await redis.set(c.lockKey, 1);
      await waitFor(
        () => acker.pending === 0,
        'the retry to be written',
        MAX_RETRY_DELAY_MS + 5000,
      );
      expect(await redis.llen(a.inProgressKey)).toBe(0);
      expect(await redis.zrange(bed.key('retry'), 0, -1, 'WITHSCORES')).toEqual([
        'retried member',
        '100',
      ]);
      expect(await redis.get(a.lockKey)).toBe('0');
      expect(await redis.llen(c.inProgressKey)).toBe(0);
      expect(await redis.get(c.lockKey)).toBe('0');
    } finally {
      acker.dispose();
      monitor.disconnect();
      redis.disconnect();
    }
  });

  it('after the pool has stopped, keeps a failed batch but arms no retry that would outlive it', async () => {
    const redis = new Redis(testRedisUrl());
    defineScripts(redis);
    await redis.ping();
    redis.disconnect(); // every write now fails at once
    const acker = new Acknowledger(redis, 'p1', bed.key('retry'), bed.key('dead'), silentLogger);
    const target = ackTarget('a');
    // While the pool runs, a failed write arms a retry.
    acker.add(target, '{"name":"a","id":"0","t":1,"args":null}', 'ok');
    await acker.flush();
    expect(acker.retryScheduled).toBe(true);

    acker.dispose();
    expect(acker.retryScheduled).toBe(false);
    acker.add(target, '{"name":"a","id":"1","t":1,"args":null}', 'ok');
    await acker.flush();
    expect(acker.pending).toBe(2);
    expect(acker.retryScheduled).toBe(false);
  });
});
