/**
 * Worker pool faults with real redis-servers: a pool never reaps its own running jobs, stop()
 * keeps its deadline with Redis stalled (SIGSTOP) or down, handed-back jobs leave no worker
 * hashes, a pool starts and drains a Redis that is out of memory, and the wake-up subscription
 * comes up once Redis does, with one warning for the whole outage.
 */
import Redis from 'ioredis';
import { Enqueuer, silentLogger, WorkerPool, WorkLogger } from 'nestjs-gocraft-work/core';
import { PrivateRedis, startPrivateRedis } from 'nestjs-gocraft-work/testing';
import { waitFor } from '../harness/redis';
import { gate, WorkTestBed } from '../harness/work';

jest.setTimeout(60_000);

/** A logger that keeps what it was told. */
function recordingLogger(): WorkLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: (m) => lines.push(`log: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

describe('a pool and its own jobs', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('selfreap')));
  afterEach(() => bed.close());

  it('never reaps itself as an orphan when its heartbeat vanished', async () => {
    await bed.enqueuer().enqueue('long', { a: 1 });
    const release = gate();
    let runs = 0;
    const pool = bed.pool({ orphanGraceMs: 1, reapIntervalMs: 3_600_000 });
    pool.job('long', async () => {
      runs++;
      await release.promise;
    });
    await pool.start();
    await waitFor(() => runs === 1, 'the job to start');
    // Whatever removed it (another reaper that thought us dead, a FLUSH), we are still running.
    await bed.redis.srem(bed.key('worker_pools'), pool.poolId);
    await bed.redis.del(bed.key(`worker_pools:${pool.poolId}`));
    await pool.reaper!.reap();
    await new Promise((r) => setTimeout(r, 5));
    const second = await pool.reaper!.reap();
    expect(second.pools).toEqual([]);
    expect(await bed.redis.llen(bed.key(`jobs:long:${pool.poolId}:inprogress`))).toBe(1);
    expect(await bed.redis.llen(bed.key('jobs:long'))).toBe(0);
    release.open();
    await waitFor(() => pool.activeJobs === 0, 'the job to finish');
    expect(runs).toBe(1);
  });

  it('leaves no worker:<id> hash behind for jobs handed back at the stop deadline', async () => {
    await bed.enqueuer().enqueueBulk([1, 2].map((i) => ({ name: 'stuck', args: { i } })));
    let started = 0;
    const pool = bed.pool({ concurrency: 2, observeIntervalMs: 20 });
    pool.job('stuck', () => {
      started++;
      return new Promise(() => undefined); // never settles, ignores its signal
    });
    await pool.start();
    await waitFor(() => started === 2, 'both jobs to start');
    await waitFor(
      async () => (await bed.redis.keys(bed.key('worker:*'))).length === 2,
      'the observations',
    );
    await pool.stop({ timeoutMs: 50 });
    expect(await bed.redis.keys(bed.key('worker:*'))).toEqual([]);
    expect(await bed.redis.llen(bed.key('jobs:stuck'))).toBe(2);
  });
});

describe('stop() deadlines with Redis stalled or down', () => {
  let server: PrivateRedis | null = null;
  afterEach(async () => {
    if (server) process.kill(server.pid, 'SIGCONT');
    await server?.stop();
    server = null;
  });

  async function poolWithRunningJob(url: string): Promise<{ pool: WorkerPool; ns: string }> {
    const ns = 'stall';
    const enqueuer = new Enqueuer({ namespace: ns, redis: url, logger: silentLogger });
    await enqueuer.enqueueBulk([1, 2, 3].map((i) => ({ name: 'slow', args: { i } })));
    await enqueuer.close();
    let started = 0;
    const pool = new WorkerPool({
      namespace: ns,
      redis: url,
      concurrency: 2,
      logger: silentLogger,
      pollIntervalMs: 20,
    });
    pool.job('slow', () => {
      started++;
      return new Promise(() => undefined);
    });
    await pool.start();
    await waitFor(() => started === 2, 'two jobs to start');
    return { pool, ns };
  }

  it('returns within timeoutMs + STOP_MARGIN_MS while Redis is stopped (SIGSTOP)', async () => {
    server = await startPrivateRedis();
    const { pool } = await poolWithRunningJob(server.url);
    process.kill(server.pid, 'SIGSTOP');
    const began = Date.now();
    await pool.stop({ timeoutMs: 500 });
    expect(Date.now() - began).toBeLessThan(500 + 2000 + 500);
    process.kill(server.pid, 'SIGCONT');
    // Nothing lost: the two handed-back (or still in progress, for the reaper) and the third.
    const redis = new Redis(server.url);
    const queued = await redis.llen('stall:jobs:slow');
    const inProgress = await redis.llen(`stall:jobs:slow:${pool.poolId}:inprogress`);
    expect(queued + inProgress).toBe(3);
    await redis.quit();
  });

  it('returns within timeoutMs + STOP_MARGIN_MS when Redis is gone', async () => {
    server = await startPrivateRedis();
    const { pool } = await poolWithRunningJob(server.url);
    await server.stop();
    server = null;
    const began = Date.now();
    await pool.stop({ timeoutMs: 500 });
    expect(Date.now() - began).toBeLessThan(500 + 2000 + 500);
  });
});

describe('a Redis that is out of memory', () => {
  let server: PrivateRedis;
  beforeAll(
    async () => (server = await startPrivateRedis({ args: ['--maxmemory-policy', 'noeviction'] })),
  );
  afterAll(() => server.stop());

  it('a pool still starts, keeps its heartbeat and drains the queue', async () => {
    const ns = 'full';
    const enqueuer = new Enqueuer({ namespace: ns, redis: server.url, logger: silentLogger });
    await enqueuer.enqueueBulk(
      Array.from({ length: 200 }, (_, i) => ({ name: 'drain', args: { i } })),
    );
    await enqueuer.close();
    const redis = new Redis(server.url);
    const used = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    await redis.config('SET', 'maxmemory', String(used - 100_000));
    await expect(redis.set('probe', 'x')).rejects.toThrow(/OOM/);

    const logger = recordingLogger();
    let ran = 0;
    const pool = new WorkerPool({ namespace: ns, redis: server.url, logger, pollIntervalMs: 20 });
    pool.job('drain', () => void ran++);
    await pool.start();
    try {
      expect(await redis.sismember(`${ns}:worker_pools`, pool.poolId)).toBe(1);
      await waitFor(() => ran === 200, 'every job to run', 20_000);
      await waitFor(async () => (await redis.llen(`${ns}:jobs:drain`)) === 0, 'an empty queue');
      expect(logger.lines.filter((l) => /start-up/.test(l))).toEqual([]);
      expect(await redis.get(`${ns}:jobs:drain:lock`)).toBe('0');
    } finally {
      await pool.stop({ timeoutMs: 1000 });
      await redis.config('SET', 'maxmemory', '0');
      await redis.quit();
    }
  });
});

describe('a wake-up subscription that failed', () => {
  let server: PrivateRedis;
  beforeAll(async () => (server = await startPrivateRedis()));
  afterAll(() => server.stop());

  it('is retried until it is established, with one warning for the whole outage', async () => {
    const admin = new Redis(server.url);
    // A user that may not subscribe yet: SUBSCRIBE fails as it does while Redis loads its AOF.
    await admin.call('ACL', 'SETUSER', 'pool', 'on', '>pw', '~*', '+@all', 'resetchannels');
    const url = server.url.replace('redis://', 'redis://pool:pw@');
    const logger = recordingLogger();
    let ran = 0;
    // Polling once a minute: a job can only start soon through a wake-up.
    const pool = new WorkerPool({ namespace: 'wake', redis: url, logger, pollIntervalMs: 60_000 });
    pool.job('ping', () => void ran++);
    await pool.start();
    try {
      await waitFor(
        () => logger.lines.some((l) => l.includes('wake-up subscription failed')),
        'the failed subscription',
      );
      await new Promise((r) => setTimeout(r, 2500)); // a few retries, still one warning
      await admin.call('ACL', 'SETUSER', 'pool', 'allchannels');
      await waitFor(
        () => logger.lines.includes('log: wake-up subscription established'),
        'the subscription',
      );
      const enqueuer = new Enqueuer({ namespace: 'wake', redis: server.url, logger: silentLogger });
      await enqueuer.enqueue('ping', null);
      await enqueuer.close();
      await waitFor(() => ran === 1, 'the woken pool to run the job', 5000);
      expect(logger.lines.filter((l) => l.includes('wake-up subscription'))).toEqual([
        expect.stringMatching(
          /^warn: wake-up subscription failed, polling every 60000 ms until Redis answers: NOPERM/,
        ),
        'log: wake-up subscription established',
      ]);
    } finally {
      await pool.stop({ timeoutMs: 1000 });
      await admin.quit();
    }
  });
});
