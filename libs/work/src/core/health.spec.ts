import { FixedClock } from './clock';
import { createWorkHealthCheck } from './health';
import { WorkTestBed } from '../../../../test/harness/work';

describe('createWorkHealthCheck', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('health')));
  afterEach(() => bed.close());

  it('checks the pool: not started, then started with a fresh heartbeat, then a stale one', async () => {
    const pool = bed.pool();
    pool.job('a', () => undefined);
    const clock = new FixedClock(Math.floor(Date.now() / 1000));
    const check = createWorkHealthCheck({
      namespace: bed.namespace,
      redis: bed.redis,
      pool,
      clock,
      maxHeartbeatAgeSeconds: 30,
    });
    expect(await check()).toEqual({
      healthy: false,
      reason: 'the worker pool is not running',
      redis: 'up',
      pool: { running: false, heartbeatAgeSeconds: null },
    });
    await pool.start();
    expect(await check()).toMatchObject({ healthy: true, pool: { running: true } });
    const beat = Number(
      await bed.redis.hget(bed.key(`worker_pools:${pool.poolId}`), 'heartbeat_at'),
    );
    clock.epoch = beat + 31;
    expect(await check()).toMatchObject({
      healthy: false,
      reason: "the worker pool's heartbeat is 31 s old",
      pool: { running: true, heartbeatAgeSeconds: 31 },
    });
  });

  it('goes down on queue latency and on dead-set growth per minute', async () => {
    const now = 1_800_000_000;
    const clock = new FixedClock(now);
    const check = createWorkHealthCheck({
      namespace: bed.namespace,
      redis: bed.redis,
      clock,
      maxQueueLatencySeconds: 100,
      maxDeadGrowthPerMinute: 5,
    });
    await bed.redis.sadd(bed.key('known_jobs'), 'q');
    await bed.redis.lpush(bed.key('jobs:q'), `{"name":"q","id":"a","t":${now - 50},"args":null}`);
    expect(await check()).toEqual({
      healthy: true,
      redis: 'up',
      maxQueueLatencySeconds: 50,
      deadGrowthPerMinute: 0,
    });
    clock.epoch += 60;
    for (let i = 0; i < 6; i++) await bed.redis.zadd(bed.key('dead'), i, `{"id":"${i}"}`);
    expect(await check()).toEqual({
      healthy: false,
      reason: "a queue's oldest job has waited 110 s",
      redis: 'up',
      maxQueueLatencySeconds: 110,
      deadGrowthPerMinute: 6,
    });
  });
});
