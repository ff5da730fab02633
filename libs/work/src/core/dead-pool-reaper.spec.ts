import { FixedClock } from './clock';
import { DeadPoolReaper } from './dead-pool-reaper';
import { Keys } from './keys';
import { silentLogger } from './logger';
import { gate, WorkTestBed } from '../../../../test/harness/work';
import { waitFor } from '../../../../test/harness/redis';

describe('dead-pool reaper (dead_pool_reaper_test, B1/B3/B4)', () => {
  let bed: WorkTestBed;
  let nowMs = 0;
  beforeEach(() => {
    bed = new WorkTestBed('reap');
    nowMs = 1_000_000;
  });
  afterEach(() => bed.close());

  const NOW = 1700000000;
  function reaper(extra = {}) {
    return new DeadPoolReaper({
      keys: new Keys(bed.namespace),
      redis: bed.redis,
      clock: new FixedClock(NOW),
      logger: silentLogger,
      nowMs: () => nowMs,
      ...extra,
    });
  }
  async function pool(id: string, beatAt: number | null, jobNames: string | null) {
    await bed.redis.sadd(bed.key('worker_pools'), id);
    const fields: string[] = [];
    if (beatAt !== null) fields.push('heartbeat_at', String(beatAt));
    if (jobNames !== null) fields.push('job_names', jobNames);
    if (fields.length) await bed.redis.hset(bed.key(`worker_pools:${id}`), ...fields);
  }
  async function inProgress(name: string, id: string, ...jobs: string[]) {
    await bed.leaveInProgress(name, id, ...jobs);
    await bed.redis.sadd(bed.key('known_jobs'), name);
  }

  it('requeues the in-progress jobs of stale pools and releases their lock share', async () => {
    await pool('1', NOW, 'type1,type2');
    await pool('2', NOW - 3600, 'type1,type2');
    await pool('3', NOW - 3600, 'type1,type2');
    await inProgress('type1', '1', 'live-job');
    await inProgress('type1', '2', 'a', 'b');
    const result = await reaper().reap();
    expect(result.pools.sort()).toEqual(['2', '3']);
    expect(result.jobs).toBe(2);
    // Back at the end of the queue that runs next, oldest-fetched first.
    expect(await bed.redis.lrange(bed.key('jobs:type1'), 0, -1)).toEqual(['b', 'a']);
    expect(await bed.redis.rpop(bed.key('jobs:type1'))).toBe('a');
    expect(await bed.redis.get(bed.key('jobs:type1:lock'))).toBe('1');
    expect(await bed.redis.hgetall(bed.key('jobs:type1:lock_info'))).toEqual({ '1': '1' });
    expect(await bed.redis.smembers(bed.key('worker_pools'))).toEqual(['1']);
    expect(await bed.redis.exists(bed.key('worker_pools:2'), bed.key('worker_pools:3'))).toBe(0);
    expect(await bed.redis.llen(bed.key('jobs:type1:1:inprogress'))).toBe(1);
  });

  it('requeues the jobs of pools that left no heartbeat hash (gocraft leaves them stranded)', async () => {
    for (const id of ['1', '2', '3']) {
      await pool(id, null, null);
      await inProgress('type1', id, `job-${id}`);
    }
    const result = await reaper().reap();
    expect(result.jobs).toBe(3);
    expect(await bed.redis.llen(bed.key('jobs:type1'))).toBe(3);
    expect(await bed.redis.scard(bed.key('worker_pools'))).toBe(0);
    expect(await bed.redis.get(bed.key('jobs:type1:lock'))).toBe('0');
    expect(await bed.redis.exists(bed.key('jobs:type1:lock_info'))).toBe(0);
  });

  it('does not treat a stale pool without job_names as dead', async () => {
    await pool('1', NOW - 3600, null);
    await pool('2', NOW - 3600, 'type1');
    await inProgress('type1', '1', 'x');
    await inProgress('type1', '2', 'y');
    expect((await reaper().reap()).pools).toEqual(['2']);
    expect(await bed.redis.lrange(bed.key('jobs:type1'), 0, -1)).toEqual(['y']);
  });

  it('never drives a lock negative and drops the dead pool from every lock_info', async () => {
    await pool('2', NOW - 3600, 'type1,type2');
    await bed.redis.set(bed.key('jobs:type1:lock'), 3);
    await bed.redis.set(bed.key('jobs:type2:lock'), 1);
    await bed.redis.hset(bed.key('jobs:type1:lock_info'), '1', 1, '2', 2);
    await bed.redis.hset(bed.key('jobs:type2:lock_info'), '2', 2);
    await bed.redis.sadd(bed.key('known_jobs'), 'type1', 'type2');
    await bed.redis.sadd(bed.key('worker_pools'), '1');
    await bed.redis.hset(bed.key('worker_pools:1'), 'heartbeat_at', NOW, 'job_names', 'type1');
    await reaper().reap();
    expect(await bed.redis.mget(bed.key('jobs:type1:lock'), bed.key('jobs:type2:lock'))).toEqual([
      '1',
      '0',
    ]);
    expect(await bed.redis.hgetall(bed.key('jobs:type1:lock_info'))).toEqual({ '1': '1' });
    expect(await bed.redis.exists(bed.key('jobs:type2:lock_info'))).toBe(0);
  });

  it('lets only one of two concurrent reapers reap a pool', async () => {
    await pool('2', NOW - 3600, 'type1');
    await inProgress('type1', '2', 'a', 'b', 'c');
    const results = await Promise.all([reaper().reap(), reaper().reap(), reaper().reap()]);
    expect(results.map((r) => r.jobs).sort()).toEqual([0, 0, 3]);
    expect(await bed.redis.llen(bed.key('jobs:type1'))).toBe(3);
    expect(await bed.redis.get(bed.key('jobs:type1:lock'))).toBe('0');
  });

  it('reaps an orphaned in-progress list only when its pool is absent on two scans 15 s apart', async () => {
    await inProgress('type1', 'gone', 'orphan-job');
    const r = reaper();
    expect((await r.reap()).jobs).toBe(0);
    nowMs += 14_999;
    expect((await r.reap()).jobs).toBe(0);
    nowMs += 1;
    expect(await r.reap()).toEqual({ pools: ['gone'], jobs: 1 });
    expect(await bed.redis.lrange(bed.key('jobs:type1'), 0, -1)).toEqual(['orphan-job']);
    expect(await bed.redis.get(bed.key('jobs:type1:lock'))).toBe('0');
    expect(await bed.redis.exists(bed.key('jobs:type1:lock_info'))).toBe(0);
  });

  it('forgets an orphan candidate whose pool shows up in worker_pools (a Go pool that started late)', async () => {
    await inProgress('type1', 'late', 'job');
    const r = reaper();
    await r.reap();
    await pool('late', NOW, 'type1');
    nowMs += 20_000;
    await r.reap();
    await bed.redis.srem(bed.key('worker_pools'), 'late');
    nowMs += 1_000;
    expect((await r.reap()).jobs).toBe(0);
    expect(await bed.redis.llen(bed.key('jobs:type1:late:inprogress'))).toBe(1);
  });

  it('leaves a live pool alone, and a started pool reaps a stale one on its own schedule', async () => {
    await pool('stale', 1, 'work');
    await inProgress(
      'work',
      'stale',
      '{"name":"work","id":"0123456789abcdef01234567","t":1,"args":null}',
    );
    const ran = gate();
    const p = bed.pool({ reapIntervalMs: 20, deadAfterSeconds: 30 });
    p.job('work', () => ran.open());
    await p.start();
    await ran.promise;
    await waitFor(
      async () => (await bed.redis.sismember(bed.key('worker_pools'), 'stale')) === 0,
      'the stale pool to be reaped',
    );
    expect(await bed.redis.sismember(bed.key('worker_pools'), p.poolId)).toBe(1);
  });
});

describe('dead-set retention in the pool', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('retain')));
  afterEach(() => bed.close());

  it('trims the dead set by count and age with each reaper pass', async () => {
    const now = Math.floor(Date.now() / 1000);
    const members = Array.from({ length: 30 }, (_, i) => [
      now - 100 + i,
      `{"name":"x","id":"${i}","t":1,"args":null}`,
    ]).flat();
    await bed.redis.zadd(
      bed.key('dead'),
      now - 10 * 86400,
      '{"name":"x","id":"old","t":1,"args":null}',
      ...(members as (string | number)[]),
    );
    const pool = bed.pool({
      reapIntervalMs: 20,
      deadRetention: { maxJobs: 25, maxAgeSeconds: 86400 },
    });
    await pool.start();
    await waitFor(
      async () => (await bed.redis.zcard(bed.key('dead'))) === 25,
      'the dead set trimmed to 25',
    );
    const kept = await bed.redis.zrange(bed.key('dead'), 0, -1);
    expect(kept.map((m) => JSON.parse(m).id)).toEqual(
      Array.from({ length: 25 }, (_, i) => String(i + 5)),
    );
  });
});
