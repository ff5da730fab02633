import { FixedClock } from './clock';
import { parseJob } from './job';
import { JobTimeoutError } from './worker';
import { waitFor } from '../../../../test/harness/redis';
import { gate, WorkTestBed } from '../../../../test/harness/work';

describe('worker (worker_test)', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('worker')));
  afterEach(() => bed.close());

  async function emptyState(name: string, poolId: string) {
    return {
      queue: await bed.redis.llen(bed.key(`jobs:${name}`)),
      inProgress: await bed.redis.llen(bed.key(`jobs:${name}:${poolId}:inprogress`)),
      lock: await bed.redis.get(bed.key(`jobs:${name}:lock`)),
      lockInfo: await bed.redis.hget(bed.key(`jobs:${name}:lock_info`), poolId),
      retry: await bed.redis.zcard(bed.key('retry')),
      dead: await bed.redis.zcard(bed.key('dead')),
    };
  }
  const clean = { queue: 0, inProgress: 0, lock: '0', lockInfo: '0', retry: 0, dead: 0 };

  it('runs jobs with their decoded args and leaves nothing behind', async () => {
    const enqueuer = bed.enqueuer();
    for (const a of [1, 2, 3]) await enqueuer.enqueue('wat', { a });
    const seen: number[] = [];
    const pool = bed.pool({ concurrency: 1 });
    pool.job('wat', (job) => void seen.push(job.argFloat64('a')));
    await pool.start();
    await pool.drain();
    expect(seen).toEqual([1, 2, 3]);
    expect(await emptyState('wat', pool.poolId)).toEqual(clean);
  });

  it('holds the job in its in-progress list and the lock while it runs', async () => {
    const release = gate();
    const started = gate();
    await bed.enqueuer().enqueue('wat', { a: 1 });
    const pool = bed.pool();
    pool.job('wat', async () => {
      started.open();
      await release.promise;
    });
    await pool.start();
    await started.promise;
    expect(await emptyState('wat', pool.poolId)).toEqual({
      ...clean,
      inProgress: 1,
      lock: '1',
      lockInfo: '1',
    });
    release.open();
    await pool.drain();
    expect(await emptyState('wat', pool.poolId)).toEqual(clean);
  });

  it('sends a failure to retry with the default backoff while attempts remain', async () => {
    const clock = new FixedClock(1700000000);
    const job = await bed.enqueuer({ clock }).enqueue('wat', { a: 1 });
    const pool = bed.pool({ clock });
    pool.job(
      'wat',
      () => {
        throw new Error('sorry kid');
      },
      { maxFails: 3 },
    );
    await pool.start();
    await pool.drain();
    const [member, score] = await bed.redis.zrange(bed.key('retry'), 0, -1, 'WITHSCORES');
    expect(Number(score)).toBeGreaterThan(1700000000);
    expect(Number(score)).toBeLessThanOrEqual(1700000000 + 74);
    const failed = parseJob(member);
    expect([failed.id, failed.fails, failed.lastErr, failed.failedAt]).toEqual([
      job.id,
      1,
      'sorry kid',
      1700000000,
    ]);
    expect(failed.errStack).toMatch(/^Error: sorry kid\n/);
    expect(await emptyState('wat', pool.poolId)).toEqual({ ...clean, retry: 1 });
  });

  it('calls a custom backoff exactly once, with fails already counted', async () => {
    const clock = new FixedClock(1700000000);
    await bed.enqueuer({ clock }).enqueue('wat', null);
    const calls: number[] = [];
    const pool = bed.pool({ clock });
    pool.job('wat', () => Promise.reject(new Error('no')), {
      backoff: (job) => {
        calls.push(job.fails);
        return 5;
      },
    });
    await pool.start();
    await pool.drain();
    expect(calls).toEqual([1]);
    expect(await bed.redis.zrange(bed.key('retry'), 0, -1, 'WITHSCORES')).toEqual([
      expect.any(String),
      '1700000005',
    ]);
  });

  it('sends the last failure to dead, or drops it with skipDead', async () => {
    const clock = new FixedClock(1700000000);
    const enqueuer = bed.enqueuer({ clock });
    await enqueuer.enqueue('wat', null);
    await enqueuer.enqueue('skip', null);
    const pool = bed.pool({ clock });
    pool.job(
      'wat',
      () => {
        throw new Error('sorry kid1');
      },
      { maxFails: 1 },
    );
    pool.job(
      'skip',
      () => {
        throw new Error('sorry kid2');
      },
      { maxFails: 1, skipDead: true },
    );
    await pool.start();
    await pool.drain();
    const dead = await bed.redis.zrange(bed.key('dead'), 0, -1, 'WITHSCORES');
    expect(dead).toHaveLength(2);
    expect(dead[1]).toBe('1700000000');
    expect(parseJob(dead[0])).toMatchObject({ name: 'wat', fails: 1, lastErr: 'sorry kid1' });
    expect(await emptyState('wat', pool.poolId)).toEqual({ ...clean, dead: 1 });
    expect(await emptyState('skip', pool.poolId)).toEqual({ ...clean, dead: 1 });
  });

  it('leaves a paused queue alone until it is unpaused', async () => {
    await bed.redis.set(bed.key('jobs:wat:paused'), '0');
    await bed.enqueuer().enqueue('wat', null);
    let ran = 0;
    const pool = bed.pool();
    pool.job('wat', () => void ran++);
    await pool.start();
    await pool.drain();
    expect(ran).toBe(0);
    expect(await bed.redis.llen(bed.key('jobs:wat'))).toBe(1);
    await bed.redis.del(bed.key('jobs:wat:paused'));
    await waitFor(() => ran === 1, 'the job to run after unpausing');
    await pool.drain();
    expect(await emptyState('wat', pool.poolId)).toEqual(clean);
  });

  it('starts and stops without hanging when Redis is unreachable', async () => {
    const pool = bed.pool({ redis: 'redis://127.0.0.1:1' });
    pool.job('wat', () => undefined);
    void pool.start();
    await pool.stop();
    expect(pool.isStarted).toBe(false);
  });

  it('lets every started job finish on stop and leaves the rest queued (issue #24)', async () => {
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueueBulk(
      Array.from({ length: 31 }, (_, i) => ({ name: 'slow', args: { i } })),
    );
    let started = 0;
    let finished = 0;
    const release = gate();
    const pool = bed.pool({ concurrency: 2 });
    pool.job('slow', async () => {
      started++;
      await release.promise;
      finished++;
    });
    await pool.start();
    await waitFor(() => started === 2, 'two jobs to start');
    const stopping = pool.stop();
    release.open();
    await stopping;
    expect(finished).toBe(started);
    expect(started).toBeLessThan(31);
    expect(await bed.redis.llen(bed.key('jobs:slow'))).toBe(31 - started);
    expect(await bed.redis.llen(bed.key(`jobs:slow:${pool.poolId}:inprogress`))).toBe(0);
  });

  it('gives each job a fresh context shared by its middleware and handler', async () => {
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueue('wat', { n: 1 });
    await enqueuer.enqueue('wat', { n: 2 });
    const seen: Array<Record<string, unknown>> = [];
    const pool = bed.pool<{ n?: number; seenBefore?: boolean }>({ concurrency: 1 });
    pool.use(async (job, ctx, next) => {
      ctx.seenBefore = ctx.n !== undefined;
      ctx.n = job.argInt64('n');
      await next();
    });
    pool.job('wat', (_job, ctx) => void seen.push({ ...ctx }));
    await pool.start();
    await pool.drain();
    expect(seen).toEqual([
      { n: 1, seenBefore: false },
      { n: 2, seenBefore: false },
    ]);
  });
});

describe('worker: timeouts', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('timeout')));
  afterEach(() => bed.close());

  it('fails a job at its deadline, aborts its signal, and ignores the late result', async () => {
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueue('slow', { n: 1 });
    await enqueuer.enqueue('slow', { n: 2 });
    const release = gate();
    const reasons: unknown[] = [];
    const started: number[] = [];
    const pool = bed.pool({ concurrency: 1 });
    pool.job(
      'slow',
      async (job, _ctx, signal) => {
        started.push(job.argInt64('n'));
        signal.addEventListener('abort', () => reasons.push(signal.reason));
        if (job.argInt64('n') === 1) await release.promise; // ignores the signal
      },
      { timeoutMs: 100, maxFails: 1 },
    );
    await pool.start();
    await waitFor(
      async () => (await bed.redis.zcard(bed.key('dead'))) === 1,
      'the timed-out job in dead',
    );
    const [member] = await bed.redis.zrange(bed.key('dead'), 0, -1);
    expect(parseJob(member).lastErr).toBe('job "slow" timed out after 100 ms');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(JobTimeoutError);
    expect(await bed.redis.get(bed.key('jobs:slow:lock'))).toBe('0');
    // The slot stays taken while the handler ignores its signal: the second job has not started.
    expect(started).toEqual([1]);
    expect(pool.activeJobs).toBe(1);
    release.open();
    await pool.drain();
    expect(started).toEqual([1, 2]);
    expect(await bed.redis.zcard(bed.key('dead'))).toBe(1);
    expect(await bed.redis.get(bed.key('jobs:slow:lock'))).toBe('0');
    expect(await bed.redis.hget(bed.key('jobs:slow:lock_info'), pool.poolId)).toBe('0');
  });

  it('lets a handler that finishes in time succeed', async () => {
    await bed.enqueuer().enqueue('quick', null);
    let done = false;
    const pool = bed.pool();
    pool.job('quick', async () => void (done = true), { timeoutMs: 5000 });
    await pool.start();
    await pool.drain();
    expect(done).toBe(true);
    expect(await bed.redis.zcard(bed.key('retry'))).toBe(0);
  });

  it('settles each way a handler can end: value, throw, promise, rejection, thenables', async () => {
    // Handlers returning no promise settle without one; anything with a then() is awaited.
    const ends: Record<string, () => unknown> = {
      value: () => 42,
      throws: () => {
        throw new Error('sync boom');
      },
      resolves: () => Promise.resolve(),
      rejects: () => Promise.reject(new Error('async boom')),
      thenable: () => ({ then: (ok: () => void) => setImmediate(ok) }),
      rejectingThenable: () => ({
        then: (_: unknown, fail: (e: Error) => void) => fail(new Error('thenable boom')),
      }),
      throwingThen: () => ({
        then: () => {
          throw new Error('then boom');
        },
      }),
    };
    const pool = bed.pool({ concurrency: 3 });
    for (const [name, end] of Object.entries(ends)) pool.job(name, end, { maxFails: 1 });
    for (const name of Object.keys(ends)) await bed.enqueuer().enqueue(name, null);
    await pool.start();
    await pool.drain();
    const dead = (await bed.redis.zrange(bed.key('dead'), 0, -1)).map((m) => parseJob(m));
    expect(dead.map((j) => [j.name, j.lastErr]).sort()).toEqual([
      ['rejectingThenable', 'thenable boom'],
      ['rejects', 'async boom'],
      ['throwingThen', 'then boom'],
      ['throws', 'sync boom'],
    ]);
    for (const name of Object.keys(ends)) {
      expect(await bed.redis.llen(bed.key(`jobs:${name}`))).toBe(0);
      expect(await bed.redis.llen(bed.key(`jobs:${name}:${pool.poolId}:inprogress`))).toBe(0);
      expect(await bed.redis.get(bed.key(`jobs:${name}:lock`))).toBe('0');
    }
  });
});
