import { parseJob } from './job';
import { WorkConfigError } from './errors';
import { waitFor } from '../../../../test/harness/redis';
import { gate, WorkTestBed } from '../../../../test/harness/work';

describe('WorkerPool (worker_pool_test)', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('pool')));
  afterEach(() => bed.close());

  it('rejects invalid registrations with messages naming the option', () => {
    const pool = bed.pool();
    expect(() => pool.job('a', () => undefined, { priority: 100001 })).toThrow(
      'JobOptions.priority of job "a" must be an integer between 1 and 100000, got 100001',
    );
    expect(() => pool.job('a', () => undefined, { maxFails: -1 })).toThrow(
      /JobOptions.maxFails of job "a"/,
    );
    expect(() => pool.job('a', () => undefined, { maxConcurrency: 1.5 })).toThrow(
      /JobOptions.maxConcurrency/,
    );
    expect(() => pool.job('a', () => undefined, { timeoutMs: -5 })).toThrow(/JobOptions.timeoutMs/);
    expect(() => pool.job('a', 'nope' as never)).toThrow(/handler of job "a" must be a function/);
    expect(() => pool.use(42 as never)).toThrow(/middleware must be a function/);
    expect(() => pool.job('', () => undefined)).toThrow(WorkConfigError);
    pool.job('a', () => undefined);
    expect(() => pool.job('a', () => undefined)).toThrow(/registered twice/);
    expect(() => bed.pool({ concurrency: -1 })).toThrow(
      'WorkerPool option "concurrency" must be a non-negative integer, got -1',
    );
    expect(() => bed.pool({ pollIntervalMs: 0 })).toThrow(/option "pollIntervalMs"/);
  });

  it('applies gocraft defaults: priority 1, maxFails 4, and writes max_concurrency and known_jobs at start', async () => {
    const pool = bed.pool();
    pool.job('a', () => undefined);
    pool.job('b', () => undefined, { maxConcurrency: 3 });
    await pool.start();
    expect(
      await bed.redis.mget(bed.key('jobs:a:max_concurrency'), bed.key('jobs:b:max_concurrency')),
    ).toEqual(['0', '3']);
    expect((await bed.redis.smembers(bed.key('known_jobs'))).sort()).toEqual(['a', 'b']);
    expect(() => pool.job('c', () => undefined)).toThrow(/after the worker pool started/);
  });

  it('can be started and stopped repeatedly, and stopped before it started', async () => {
    const pool = bed.pool();
    pool.job('a', () => undefined);
    await pool.stop();
    await pool.start();
    await pool.start();
    await pool.stop();
    await pool.stop();
    await pool.start();
    await pool.stop();
    expect(pool.isStarted).toBe(false);
    await expect(pool.drain()).rejects.toThrow(/start\(\) first/);
  });

  it('never runs more than MaxConcurrency jobs of a name, even with idle workers', async () => {
    await bed
      .enqueuer()
      .enqueueBulk(Array.from({ length: 12 }, () => ({ name: 'single', args: null })));
    let running = 0;
    let peak = 0;
    const samples: number[] = [];
    const pool = bed.pool({ concurrency: 5 });
    pool.job(
      'single',
      async () => {
        running++;
        peak = Math.max(peak, running);
        const [inProgress, lock] = await Promise.all([
          bed.redis.llen(bed.key(`jobs:single:${pool.poolId}:inprogress`)),
          bed.redis.get(bed.key('jobs:single:lock')),
        ]);
        samples.push(inProgress, Number(lock));
        running--;
      },
      { maxConcurrency: 1 },
    );
    await pool.start();
    await pool.drain();
    expect(peak).toBe(1);
    expect(Math.max(...samples)).toBe(1);
    expect(await bed.redis.get(bed.key('jobs:single:lock'))).toBe('0');
    expect(await bed.redis.hget(bed.key('jobs:single:lock_info'), pool.poolId)).toBe('0');
  });

  it('shares MaxConcurrency across two pools on one Redis', async () => {
    await bed
      .enqueuer()
      .enqueueBulk(Array.from({ length: 20 }, () => ({ name: 'limited', args: null })));
    let running = 0;
    let peak = 0;
    let started = 0;
    let lockWithTwo: string | null = null;
    // A barrier: the first two jobs wait until both run, so the limit is reached for certain.
    const twoRunning = gate();
    const handler = async () => {
      running++;
      peak = Math.max(peak, running);
      started++;
      if (started === 2) {
        lockWithTwo = await bed.redis.get(bed.key('jobs:limited:lock'));
        twoRunning.open();
      }
      if (started <= 2) await twoRunning.promise;
      running--;
    };
    const pools = [bed.pool({ concurrency: 5 }), bed.pool({ concurrency: 5 })];
    for (const pool of pools) pool.job('limited', handler, { maxConcurrency: 2 });
    await Promise.all(pools.map((p) => p.start()));
    await waitFor(
      async () => (await bed.redis.llen(bed.key('jobs:limited'))) === 0 && running === 0,
      'the queue to drain',
    );
    await Promise.all(pools.map((p) => p.drain()));
    expect(started).toBe(20);
    expect(lockWithTwo).toBe('2');
    expect(peak).toBe(2);
    expect(await bed.redis.get(bed.key('jobs:limited:lock'))).toBe('0');
  });

  it('fetches no more jobs than it has idle workers', async () => {
    await bed
      .enqueuer()
      .enqueueBulk(Array.from({ length: 10 }, () => ({ name: 'block', args: null })));
    const release = gate();
    let started = 0;
    const pool = bed.pool({ concurrency: 3 });
    pool.job('block', async () => {
      started++;
      await release.promise;
    });
    await pool.start();
    await waitFor(() => started === 3, 'three jobs to start');
    expect(await bed.redis.llen(bed.key(`jobs:block:${pool.poolId}:inprogress`))).toBe(3);
    expect(await bed.redis.llen(bed.key('jobs:block'))).toBe(7);
    release.open();
    await pool.drain();
    expect(started).toBe(10);
  });

  it('wakes on our enqueuer at once, without waiting for the poll', async () => {
    const pool = bed.pool({ pollIntervalMs: 60_000 });
    let ran = 0;
    pool.job('wake', () => void ran++);
    await pool.start();
    await waitFor(
      async () => (await bed.redis.pubsub('NUMSUB', bed.key('wake')))[1] === 1,
      'the pool to subscribe',
    );
    await bed.enqueuer().enqueue('wake', null);
    await waitFor(() => ran === 1, 'the announced job to run long before the 60 s poll');
  });

  it('polls for jobs pushed by producers that do not announce them (Go)', async () => {
    const pool = bed.pool({ pollIntervalMs: 20 });
    let ran = 0;
    pool.job('go', () => void ran++);
    await pool.start();
    await bed.redis.lpush(
      bed.key('jobs:go'),
      '{"name":"go","id":"0123456789abcdef01234567","t":1,"args":null}',
    );
    await waitFor(() => ran === 1, 'the polled job to run');
  });
});

describe('WorkerPool: malformed payloads (B1)', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('malformed')));
  afterEach(() => bed.close());

  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', 'not json', /payload is not JSON/],
    [
      'array args',
      '{"name":"m","id":"a","t":1,"args":[1]}',
      /field "args" must be an object or null/,
    ],
    ['float t', '{"name":"m","id":"a","t":1.5e9,"args":null}', /field "t" must be an integer/],
    [
      'stray name',
      '{"name":"other","id":"a","t":1,"args":null}',
      /job name "other" does not match its queue "m"/,
    ],
    ['not an object', '[]', /payload is not a JSON object/],
  ];

  it.each(cases)(
    'moves a %s payload to dead with its lock released, and keeps working',
    async (_label, payload, error) => {
      await bed.redis.rpush(bed.key('jobs:m'), payload);
      await bed.enqueuer().enqueue('m', { ok: true });
      const ran: unknown[] = [];
      const pool = bed.pool({ concurrency: 1 });
      pool.job('m', (job) => void ran.push(job.args));
      pool.job('other', () => undefined);
      await pool.start();
      await pool.drain();
      expect(ran).toEqual([{ ok: true }]);
      const dead = await bed.redis.zrange(bed.key('dead'), 0, -1);
      expect(dead).toHaveLength(1);
      const entry = parseJob(dead[0]);
      expect(entry.name).toBe('m');
      expect(entry.id).toMatch(/^[0-9a-f]{24}$/);
      expect(entry.lastErr).toMatch(error);
      expect(entry.args).toEqual({ payload });
      expect(await bed.redis.get(bed.key('jobs:m:lock'))).toBe('0');
      expect(await bed.redis.get(bed.key('jobs:other:lock'))).toBeNull();
      expect(await bed.redis.llen(bed.key(`jobs:m:${pool.poolId}:inprogress`))).toBe(0);
    },
  );

  it('removes payloads by their exact bytes, valid UTF-8 (sent back as text) or not', async () => {
    const raw = Buffer.concat([
      Buffer.from('{"name":"u","id":"a","t":1,"args":{"s":"'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('"}}'),
    ]);
    const junk = Buffer.concat([Buffer.from('{"name":'), Buffer.from([0xff])]);
    const multiByte = Buffer.from('{"name":"u","id":"b","t":1,"args":{"s":"é😀"}}');
    await bed.redis.rpush(bed.key('jobs:u'), raw, junk, multiByte);
    const seen: string[] = [];
    // One fetch takes all three, so one acknowledgement mixes text and bytes.
    const pool = bed.pool({ concurrency: 3 });
    pool.job('u', (job) => void seen.push(job.argString('s')));
    await pool.start();
    await pool.drain();
    expect(seen.sort()).toEqual(['é😀', '\ufffd\ufffd'].sort());
    expect(await bed.redis.llen(bed.key(`jobs:u:${pool.poolId}:inprogress`))).toBe(0);
    const entry = parseJob((await bed.redis.zrange(bed.key('dead'), 0, -1))[0]);
    expect(entry.args).toEqual({
      payload: '{"name":\ufffd',
      payload_base64: junk.toString('base64'),
    });
    expect(await bed.redis.get(bed.key('jobs:u:lock'))).toBe('0');
  });

  it('hands back jobs stranded in its in-progress list while it is busy, never the ones it runs', async () => {
    await bed.enqueuer().enqueue('s', { n: 1 });
    const release = gate();
    const started = gate();
    const ran: number[] = [];
    const pool = bed.pool({ concurrency: 1 });
    pool.job('s', async (job) => {
      ran.push(job.argInt64('n'));
      started.open();
      await release.promise;
    });
    expect(await pool.reconcileInProgress()).toBeNull();
    await pool.start();
    await started.promise;
    // What a fetch whose reply was lost leaves behind: in progress and locked, run by no worker.
    const inProgress = bed.key(`jobs:s:${pool.poolId}:inprogress`);
    const stranded = '{"name":"s","id":"stranded","t":1,"args":{"n":2}}';
    await bed.leaveInProgress('s', pool.poolId, stranded);
    expect(await pool.reconcileInProgress()).toBe(1);
    expect(await bed.redis.lrange(bed.key('jobs:s'), 0, -1)).toEqual([stranded]);
    expect(await bed.redis.llen(inProgress)).toBe(1);
    expect(await bed.redis.get(bed.key('jobs:s:lock'))).toBe('1');
    expect(await bed.redis.hget(bed.key('jobs:s:lock_info'), pool.poolId)).toBe('1');
    release.open();
    await pool.drain();
    expect(ran).toEqual([1, 2]);
    await pool.stop();
    expect(await pool.reconcileInProgress()).toBeNull();
  });

  it('delivers job events to a listener added after start(), and stops when it is removed', async () => {
    // Without the built-in log and job-metrics listeners, the count is this test's listener alone.
    const pool = bed.pool({ logJobs: false, jobMetrics: false });
    pool.job(
      'evt',
      (job) => {
        if (job.argInt64('n') === 2) throw new Error('second fails');
      },
      { maxFails: 1 },
    );
    await pool.start();
    expect(pool.jobEventListenerCount).toBe(0);
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueue('evt', { n: 0 });
    await pool.drain();
    const seen: string[] = [];
    const remove = pool.onJobEvent((e) => seen.push(`${e.type}:${e.job.argInt64('n')}`));
    expect(pool.jobEventListenerCount).toBe(1);
    await enqueuer.enqueue('evt', { n: 1 });
    await pool.drain();
    await enqueuer.enqueue('evt', { n: 2 });
    await pool.drain();
    expect(seen).toEqual(['started:1', 'succeeded:1', 'started:2', 'dead:2']);
    remove();
    remove();
    expect(pool.jobEventListenerCount).toBe(0);
    await enqueuer.enqueue('evt', { n: 3 });
    await pool.drain();
    expect(seen).toHaveLength(4);
    expect(await bed.redis.zcard(bed.key('dead'))).toBe(1);
  });

  it('fetches from every job type whether the slot orders travel as text (up to 127 types) or bytes', async () => {
    for (const count of [100, 130]) {
      const pool = bed.pool({ concurrency: 4 });
      const names = Array.from({ length: count }, (_, i) => `t${count}-${i}`);
      const ran: string[] = [];
      for (const name of names) pool.job(name, (job) => void ran.push(job.name));
      // The first, a middle and the last type: the last needs the byte form past 127 types.
      const queued = [names[0], names[64], names[count - 1]];
      const enqueuer = bed.enqueuer();
      for (const name of queued) await enqueuer.enqueue(name, { count });
      await pool.start();
      await pool.drain();
      await pool.stop();
      expect(ran.sort()).toEqual([...queued].sort());
    }
  });

  it('follows a narrow fetch that comes back short with a full one at once, not at the poll', async () => {
    // n0 comes first in nearly every sampled order and fills all four slots, so the next fetch is
    // narrow: it passes n0 and three of the eleven others. Most of the time n7 is not among them;
    // then only the full fetch that must follow finds n7's jobs, long before the 60 s poll.
    const pool = bed.pool({ concurrency: 4, pollIntervalMs: 60_000 });
    const names = Array.from({ length: 12 }, (_, i) => `n${i}`);
    const ran: string[] = [];
    for (const name of names)
      pool.job(name, () => void ran.push(name), { priority: name === 'n0' ? 100_000 : 1 });
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueueBulk([1, 2, 3, 4].map(() => ({ name: 'n0', args: null })));
    await enqueuer.enqueueBulk([1, 2].map(() => ({ name: 'n7', args: null })));
    await pool.start();
    await waitFor(() => ran.length === 6, 'all six jobs to run before the poll');
    expect(ran.sort()).toEqual(['n0', 'n0', 'n0', 'n0', 'n7', 'n7']);
  });
});
