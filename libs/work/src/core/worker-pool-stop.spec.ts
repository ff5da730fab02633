import { PoolStoppingError } from './pool-recovery';
import { waitFor } from '../../../../test/harness/redis';
import { gate, WorkTestBed } from '../../../../test/harness/work';

describe('WorkerPool.stop with a deadline', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('stop')));
  afterEach(() => bed.close());

  it('hands jobs still running at the deadline back to the front of their queue, and ignores their late results', async () => {
    const enqueuer = bed.enqueuer();
    const jobs = await enqueuer.enqueueBulk(
      [1, 2, 3, 4].map((i) => ({ name: 'long', args: { i } })),
    );
    const release = gate();
    const reasons: unknown[] = [];
    let started = 0;
    const pool = bed.pool({ concurrency: 2 });
    pool.job('long', async (_job, _ctx, signal) => {
      started++;
      signal.addEventListener('abort', () => reasons.push(signal.reason));
      await release.promise; // ignores its signal on purpose
    });
    await pool.start();
    await waitFor(() => started === 2, 'two jobs to start');
    await pool.stop({ timeoutMs: 50 });
    expect(reasons).toHaveLength(2);
    expect(reasons.every((r) => r instanceof PoolStoppingError)).toBe(true);
    // Both are back; the two never started stay behind them; nothing is in progress or locked.
    const queue = await bed.redis.lrange(bed.key('jobs:long'), 0, -1);
    expect(queue.map((p) => JSON.parse(p).id).sort()).toEqual(jobs.map((j) => j.id).sort());
    expect(queue.map((p) => JSON.parse(p).args.i)).toEqual([4, 3, 2, 1]);
    expect(await bed.redis.llen(bed.key(`jobs:long:${pool.poolId}:inprogress`))).toBe(0);
    expect(await bed.redis.get(bed.key('jobs:long:lock'))).toBe('0');
    expect(await bed.redis.hget(bed.key('jobs:long:lock_info'), pool.poolId)).toBe('0');
    expect(
      await bed.redis.exists(bed.key('worker_pools'), bed.key(`worker_pools:${pool.poolId}`)),
    ).toBe(0);
    release.open();
    await new Promise((r) => setImmediate(r));
    expect(await bed.redis.llen(bed.key('jobs:long'))).toBe(4);
    expect(await bed.redis.zcard(bed.key('retry'))).toBe(0);
  });

  it('waits for jobs that finish before the deadline', async () => {
    await bed.enqueuer().enqueue('quick', null);
    const release = gate();
    const started = gate();
    let finished = false;
    const pool = bed.pool();
    pool.job('quick', async () => {
      started.open();
      await release.promise;
      finished = true;
    });
    await pool.start();
    await started.promise;
    const stopping = pool.stop({ timeoutMs: 10_000 });
    release.open();
    await stopping;
    expect(finished).toBe(true);
    expect(await bed.redis.llen(bed.key('jobs:quick'))).toBe(0);
  });
});
