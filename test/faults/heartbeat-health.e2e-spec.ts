/**
 * The heartbeat follows the pool's health: a pool whose fetches keep failing stops beating after
 * UNHEALTHY_AFTER_MS, so other pools can reap its jobs, and beats again once it can fetch. Its
 * heartbeat thread has a connection of its own that works the whole time; before, that kept a
 * pool that could do nothing looking alive for ever.
 */
import { UNHEALTHY_AFTER_MS } from 'nestjs-gocraft-work/core';
import { waitFor } from '../harness/redis';
import { WorkTestBed } from '../harness/work';

jest.setTimeout(60_000);

describe('heartbeat tied to the pool’s health', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('health')));
  afterEach(() => bed.close());

  it('stops while fetches fail and resumes when they succeed', async () => {
    // Every fetch fails: the lock key holds a list (checked before the script writes anything).
    await bed.redis.lpush(bed.key('jobs:mail:lock'), 'not a counter');
    await bed.enqueuer().enqueue('mail', { a: 1 });
    let ran = 0;
    const pool = bed.pool({ heartbeatIntervalMs: 200, heartbeatInThread: true });
    pool.job('mail', () => void ran++);
    await pool.start();
    const beatAt = async () =>
      Number(await bed.redis.hget(bed.key(`worker_pools:${pool.poolId}`), 'heartbeat_at'));
    const began = Date.now();
    // heartbeat_at has one-second resolution: stale by 3 s means no beat for at least 2 s.
    await waitFor(
      async () => Math.floor(Date.now() / 1000) - (await beatAt()) >= 3,
      'the heartbeat to go stale',
      UNHEALTHY_AFTER_MS + 10_000,
    );
    expect(Date.now() - began).toBeGreaterThanOrEqual(UNHEALTHY_AFTER_MS);
    expect(ran).toBe(0);

    await bed.redis.del(bed.key('jobs:mail:lock'));
    await waitFor(() => ran === 1, 'the job to run once fetches work', 5000);
    await waitFor(
      async () => Math.floor(Date.now() / 1000) - (await beatAt()) <= 1,
      'the heartbeat to resume',
      5000,
    );
  });
});
