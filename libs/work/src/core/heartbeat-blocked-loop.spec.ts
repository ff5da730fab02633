/**
 * A handler that blocks the event loop must not make its pool look dead: the heartbeat comes from
 * a worker thread. A reaper with Go's 10 s threshold runs throughout and must not reap the pool.
 * A crash test with a real worker process, kept next to the engine because it drives the reaper,
 * which is not public API.
 */
import { systemClock } from './clock';
import { DeadPoolReaper } from './dead-pool-reaper';
import { Keys } from './keys';
import { silentLogger } from './logger';
import { testRedisUrl, waitFor } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';
import { killWorkers, spawnWorker } from '../../../../test/crash/spawn-worker';

jest.setTimeout(60_000);
const BLOCK_MS = 13_000;
const GO_DEAD_AFTER_SECONDS = 10;

describe('heartbeat while the event loop is blocked', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('block')));
  afterEach(async () => {
    killWorkers();
    await bed.close();
  });

  it('keeps beating through a 13 s synchronous handler, so a Go-threshold reaper leaves the pool alone', async () => {
    await bed.enqueuer().enqueue('crash', null);
    const worker = spawnWorker({
      REDIS_URL: testRedisUrl(),
      WORK_NS: bed.namespace,
      CONCURRENCY: '1',
      BLOCK_MS: String(BLOCK_MS),
    });
    await worker.started;
    await waitFor(
      async () => (await bed.redis.get(bed.key('test:blocking'))) === '1',
      'the handler to start blocking',
    );
    const blockedAt = Date.now();
    const reaper = new DeadPoolReaper({
      keys: new Keys(bed.namespace),
      redis: bed.redis,
      clock: systemClock,
      logger: silentLogger,
      deadAfterSeconds: GO_DEAD_AFTER_SECONDS,
    });
    const [poolId] = await bed.redis.smembers(bed.key('worker_pools'));
    const beats = new Set<string>();
    let worstAge = 0;
    let reaped = 0;
    while ((await bed.redis.scard(bed.key('test:done'))) === 0) {
      const beat = await bed.redis.hget(bed.key(`worker_pools:${poolId}`), 'heartbeat_at');
      beats.add(beat ?? 'missing');
      worstAge = Math.max(worstAge, Math.floor(Date.now() / 1000) - Number(beat));
      reaped += (await reaper.reap()).pools.length;
      await new Promise((r) => setTimeout(r, 250));
      if (Date.now() - blockedAt > BLOCK_MS + 15_000)
        throw new Error('the blocked job never finished');
    }
    const blockedFor = Date.now() - blockedAt;
    console.log(
      `blocked-loop test: blocked ~${blockedFor} ms, ${beats.size} distinct heartbeats seen, worst age ${worstAge} s, pools reaped ${reaped}`,
    );
    expect(blockedFor).toBeGreaterThanOrEqual(BLOCK_MS - 1000);
    expect(beats.has('missing')).toBe(false);
    expect(beats.size).toBeGreaterThanOrEqual(2);
    expect(worstAge).toBeLessThan(GO_DEAD_AFTER_SECONDS);
    expect(reaped).toBe(0);
    expect(Number(await bed.redis.get(bed.key('test:runs')))).toBe(1);
    worker.child.kill('SIGTERM');
    await worker.exited;
  });
});
