/**
 * A handler that blocks the event loop must not make its pool look dead: the heartbeat comes from
 * a worker thread, one per process, standing in for every pool of it (here a second, idle pool on
 * another namespace). Reapers with Go's 10 s threshold run throughout and must reap neither.
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

  it('keeps beating for both pools through a 13 s synchronous handler, so Go-threshold reapers leave them alone', async () => {
    await bed.enqueuer().enqueue('crash', null);
    const sideNamespace = `${bed.namespace}:side`;
    const worker = spawnWorker({
      REDIS_URL: testRedisUrl(),
      WORK_NS: bed.namespace,
      SIDE_POOL_NS: sideNamespace,
      CONCURRENCY: '1',
      BLOCK_MS: String(BLOCK_MS),
    });
    await worker.started;
    await waitFor(
      async () => (await bed.redis.get(bed.key('test:blocking'))) === '1',
      'the handler to start blocking',
    );
    const blockedAt = Date.now();
    const watched = await Promise.all(
      [bed.namespace, sideNamespace].map(async (namespace) => {
        const keys = new Keys(namespace);
        const [poolId] = await bed.redis.smembers(keys.workerPools);
        const reaper = new DeadPoolReaper({
          keys,
          redis: bed.redis,
          clock: systemClock,
          logger: silentLogger,
          deadAfterSeconds: GO_DEAD_AFTER_SECONDS,
        });
        return { beatKey: keys.heartbeat(poolId), reaper, beats: new Set<string>(), worstAge: 0 };
      }),
    );
    let reaped = 0;
    while ((await bed.redis.scard(bed.key('test:done'))) === 0) {
      for (const pool of watched) {
        const beat = await bed.redis.hget(pool.beatKey, 'heartbeat_at');
        pool.beats.add(beat ?? 'missing');
        pool.worstAge = Math.max(pool.worstAge, Math.floor(Date.now() / 1000) - Number(beat));
        reaped += (await pool.reaper.reap()).pools.length;
      }
      await new Promise((r) => setTimeout(r, 250));
      if (Date.now() - blockedAt > BLOCK_MS + 15_000)
        throw new Error('the blocked job never finished');
    }
    const blockedFor = Date.now() - blockedAt;
    const seen = watched.map((p) => `${p.beats.size} heartbeats, worst age ${p.worstAge} s`);
    console.log(
      `blocked-loop test: blocked ~${blockedFor} ms; main pool ${seen[0]}; side pool ${seen[1]}; pools reaped ${reaped}`,
    );
    expect(blockedFor).toBeGreaterThanOrEqual(BLOCK_MS - 1000);
    for (const pool of watched) {
      expect(pool.beats.has('missing')).toBe(false);
      expect(pool.beats.size).toBeGreaterThanOrEqual(2);
      expect(pool.worstAge).toBeLessThan(GO_DEAD_AFTER_SECONDS);
    }
    expect(reaped).toBe(0);
    expect(Number(await bed.redis.get(bed.key('test:runs')))).toBe(1);
    worker.child.kill('SIGTERM');
    await worker.exited;
  });
});
