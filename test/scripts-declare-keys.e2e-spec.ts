/**
 * Every Lua script names every key it reads or writes in KEYS, nothing built inside from ARGV
 * (Redis Cluster and Dragonfly need that): the whole engine runs once on a connection whose
 * scripts fail on an undeclared key of the namespace, and every script must have run.
 */
import { Client, Enqueuer, silentLogger, WorkerPool } from 'nestjs-gocraft-work/core';
import { declaredKeysGuard, guardedRedis, GuardedRedis } from './harness/declared-keys';
import { deleteNamespace, testNamespace, testRedis, waitFor } from './harness/redis';
import { gate } from './harness/work';

jest.setTimeout(30_000);

const ALL_SCRIPTS = [
  'workFetchJobs',
  'workAckJobs',
  'workEnqueueUnique',
  'workEnqueueOne',
  'workRequeueDue',
  'workReapPool',
  'workHandBack',
  'workHeartbeat',
  'workDeleteZsetJob',
  'workRetryDeadJobs',
  'workRequeueZsetJob',
  'workScanZset',
  'workDeleteMatching',
];

describe('scripts declare their keys', () => {
  let ns: string;
  let guarded: GuardedRedis;
  beforeEach(() => {
    ns = testNamespace('decl');
    guarded = guardedRedis(`${ns}:`);
  });
  afterEach(async () => {
    await deleteNamespace(guarded.redis, ns);
    await guarded.redis.quit();
  });

  it('the guard fails a script that touches an undeclared key', async () => {
    const raw = testRedis();
    try {
      const lua = `${declaredKeysGuard(`${ns}:`)} redis.call('SET', '${ns}:other', '1') return 1`;
      await expect(raw.eval(lua, 1, `${ns}:declared`)).rejects.toThrow(
        `UNDECLARED key ${ns}:other in SET`,
      );
      const ok = `${declaredKeysGuard(`${ns}:`)} redis.call('SET', KEYS[1], '1') return 1`;
      expect(await raw.eval(ok, 1, `${ns}:declared`)).toBe(1);
    } finally {
      await raw.quit();
    }
  });

  it('every engine and client script runs with declared keys only', async () => {
    const redis = guarded.redis;
    const enqueuer = new Enqueuer({ namespace: ns, redis, logger: silentLogger });
    const client = new Client({ namespace: ns, redis, logger: silentLogger });
    const pool = new WorkerPool({
      namespace: ns,
      redis,
      logger: silentLogger,
      pollIntervalMs: 20,
      requeueIntervalMs: 50,
      // Beats from the main thread, so the heartbeat script runs on the guarded connection.
      heartbeatInThread: false,
    });
    const release = gate();
    let ok = 0;
    pool.job('ok', () => void ok++);
    pool.job('fails', () => Promise.reject(new Error('no')), { maxFails: 2, backoff: () => 0 });
    pool.job('block', () => release.promise);
    try {
      // Enqueue: unique now, unique later, by key; one scheduled job due at once.
      await enqueuer.enqueueUnique('ok', { a: 1 });
      await enqueuer.enqueueUniqueByKey('ok', { a: 2 }, { k: 1 });
      await enqueuer.enqueueIn('ok', -1, { due: true });
      const later = await enqueuer.enqueueUniqueIn('ok', 3600, { later: 1 });
      const runNow = await enqueuer.enqueueIn('ok', 3600, { now: 1 });
      await enqueuer.enqueue('fails', null);
      // A dead pool holding one job, for the reaper.
      await redis.sadd(`${ns}:worker_pools`, 'deadpool');
      await redis.hset(`${ns}:worker_pools:deadpool`, 'heartbeat_at', '1', 'job_names', 'ok');
      await redis.lpush(
        `${ns}:jobs:ok:deadpool:inprogress`,
        '{"name":"ok","id":"r1","t":1,"args":null}',
      );
      await redis.incr(`${ns}:jobs:ok:lock`);
      await redis.hset(`${ns}:jobs:ok:lock_info`, 'deadpool', '1');

      await pool.start();
      expect(await pool.reaper?.reap()).toMatchObject({ jobs: 1 });
      await waitFor(
        async () => ok === 4 && (await redis.zcard(`${ns}:dead`)) === 1,
        'the jobs to run and the failing one to die after a retry',
        10_000,
      );
      // Client scripts: delete a scheduled unique job, run one now, retry the dead one.
      await client.deleteScheduledJob(later!.runAt, later!.id);
      await client.runScheduledJobNow(runNow.runAt, runNow.id);
      const dead = (await client.deadJobs()).jobs[0];
      await client.retryDeadJob(dead.died_at, dead.id);
      await waitFor(() => ok === 5, 'the job run now');
      // Search and filtered delete over a zset.
      await enqueuer.enqueueIn('ok', 3600, { search: 'needle' });
      expect((await client.searchJobs('scheduled', { q: 'needle' })).jobs).toHaveLength(1);
      expect(await client.deleteMatchingJobs('scheduled', { q: 'needle' })).toBe(1);
      // Hand back: a job still running when stop's deadline passes.
      await enqueuer.enqueue('block', null);
      await waitFor(() => pool.activeJobs === 1, 'the blocking job to start');
      await pool.stop({ timeoutMs: 50 });
      expect(await redis.llen(`${ns}:jobs:block`)).toBe(1);
    } finally {
      release.open();
      await pool.stop();
      await client.close();
      await enqueuer.close();
    }
    expect(guarded.violations).toEqual([]);
    // On Redis 7 the pool calls the allow-oom variants (`<name>Oom`) of its scripts.
    const ran = new Set([...guarded.ran].map((name) => name.replace(/Oom$/, '')));
    expect([...ran].sort()).toEqual([...ALL_SCRIPTS].sort());
  });
});
