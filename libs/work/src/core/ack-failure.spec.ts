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
    await bed.redis
      .multi()
      .lpush(inProgressB, stranded)
      .incr(bed.key('jobs:b:lock'))
      .hincrby(bed.key('jobs:b:lock_info'), pool.poolId, 1)
      .exec();
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

  it('after the pool has stopped, keeps a failed batch but arms no retry that would outlive it', async () => {
    const redis = new Redis(testRedisUrl());
    defineScripts(redis);
    await redis.ping();
    redis.disconnect(); // every write now fails at once
    const acker = new Acknowledger(redis, 'p1', bed.key('retry'), bed.key('dead'), silentLogger);
    const target = {
      inProgressKey: bed.key('jobs:a:p1:inprogress'),
      lockKey: bed.key('jobs:a:lock'),
      lockInfoKey: bed.key('jobs:a:lock_info'),
    };
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
