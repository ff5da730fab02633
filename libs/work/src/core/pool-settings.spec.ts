import { FixedClock } from './clock';
import { DeadPoolReaper } from './dead-pool-reaper';
import { Keys } from './keys';
import { silentLogger } from './logger';
import { configuredLimits, foreignPoolsServing } from './pool-settings';
import { WorkTestBed } from '../../../../test/harness/work';

describe('pool_settings: what each live pool of ours configured', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('settings')));
  afterEach(() => bed.close());

  it('is written at start and removed on stop', async () => {
    const pool = bed.pool();
    pool.job('a', () => undefined, { maxConcurrency: 2 });
    pool.job('b', () => undefined);
    await pool.start();
    expect(await bed.redis.hgetall(bed.key('pool_settings'))).toEqual({
      [pool.poolId]: '{"max_concurrency":{"a":2,"b":0}}',
    });
    await pool.stop();
    expect(await bed.redis.exists(bed.key('pool_settings'))).toBe(0);
  });

  it('the reaper removes the entry of a pool that died, after the orphan grace', async () => {
    await bed.redis.hset(bed.key('pool_settings'), 'crashed', '{"max_concurrency":{"a":1}}');
    let nowMs = 0;
    const reaper = new DeadPoolReaper({
      keys: new Keys(bed.namespace),
      redis: bed.redis,
      clock: new FixedClock(1_700_000_000),
      logger: silentLogger,
      orphanGraceMs: 1000,
      nowMs: () => nowMs,
    });
    await reaper.reap();
    expect(await bed.redis.hexists(bed.key('pool_settings'), 'crashed')).toBe(1);
    nowMs = 1000;
    expect(await reaper.reap()).toEqual({ pools: ['crashed'], jobs: 0 });
    expect(await bed.redis.exists(bed.key('pool_settings'))).toBe(0);
  });

  it('configuredLimits: distinct values per name from live pools only, ignoring junk', () => {
    const stored = {
      p1: '{"max_concurrency":{"a":2,"b":0}}',
      p2: '{"max_concurrency":{"a":5,"c":1}}',
      p3: '{"max_concurrency":{"a":2}}',
      gone: '{"max_concurrency":{"a":9}}',
      junk: 'not json',
    };
    const limits = configuredLimits(stored, ['p1', 'p2', 'p3', 'junk']);
    expect(Object.fromEntries(limits)).toEqual({ a: [2, 5], b: [0], c: [1] });
  });

  it('foreignPoolsServing finds live pools without settings (Go pools) serving a name', async () => {
    const ours = bed.pool();
    ours.job('mail', () => undefined);
    await ours.start();
    const go = 'c0ffee00c0ffee00c0ffee00';
    await bed.redis.sadd(bed.key('worker_pools'), go);
    await bed.redis.hset(bed.key(`worker_pools:${go}`), {
      heartbeat_at: '1',
      job_names: 'audit,mail',
      host: 'go-host',
      pid: '42',
    });
    const keys = new Keys(bed.namespace);
    expect(await foreignPoolsServing(bed.redis, keys, 'mail')).toEqual([
      { poolId: go, host: 'go-host', pid: '42' },
    ]);
    expect(await foreignPoolsServing(bed.redis, keys, 'mai')).toEqual([]);
    await bed.redis.hdel(bed.key(`worker_pools:${go}`), 'job_names');
    expect(await foreignPoolsServing(bed.redis, keys, 'mail')).toEqual([]);
  });
});
