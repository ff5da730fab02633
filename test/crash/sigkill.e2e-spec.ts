/**
 * Crash safety with real processes: a worker process is SIGKILLed mid-batch; another pool's reaper
 * returns every job it held, and every job completes. Nothing is lost; duplicates are bounded by
 * what was in flight at the kill.
 */
import { waitFor } from '../harness/redis';
import { WorkTestBed } from '../harness/work';
import { killWorkers, spawnWorker } from './spawn-worker';
import { testRedisUrl } from '../harness/redis';

jest.setTimeout(60_000);

describe('SIGKILL of a worker process', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('kill')));
  afterEach(async () => {
    killWorkers();
    await bed.close();
  });

  it('loses no job: the survivor reaps the dead pool and finishes the queue', async () => {
    const total = 300;
    const concurrency = 10;
    await bed
      .enqueuer()
      .enqueueBulk(Array.from({ length: total }, (_, i) => ({ name: 'crash', args: { i } })));
    const worker = spawnWorker({
      REDIS_URL: testRedisUrl(),
      WORK_NS: bed.namespace,
      CONCURRENCY: String(concurrency),
      JOB_MS: '30',
    });
    await worker.started;
    await waitFor(
      async () => (await bed.redis.scard(bed.key('test:done'))) >= 50,
      'the worker to finish 50 jobs',
      20_000,
    );
    worker.child.kill('SIGKILL');
    await worker.exited;
    const doneAtKill = await bed.redis.scard(bed.key('test:done'));
    const inFlightAtKill = (await bed.redis.keys(bed.key('jobs:crash:*:inprogress'))).length
      ? await bed.redis.llen((await bed.redis.keys(bed.key('jobs:crash:*:inprogress')))[0])
      : 0;

    const survivor = bed.pool({
      concurrency,
      reapIntervalMs: 100,
      deadAfterSeconds: 2,
      heartbeatIntervalMs: 500,
    });
    survivor.job('crash', async (job) => {
      await bed.redis.incr(bed.key('test:runs'));
      await bed.redis.sadd(bed.key('test:done'), job.id);
    });
    await survivor.start();
    await waitFor(
      async () => (await bed.redis.scard(bed.key('test:done'))) === total,
      'every job to complete',
      30_000,
    );
    await survivor.drain();
    // A job whose handler finished in the killed process before its outcome was written counts as
    // done already, so the queue can run empty before the reaper has requeued the dead pool's
    // jobs (a fast survivor gets there first): wait for the reap and for those jobs to run again.
    await waitFor(
      async () =>
        (await bed.redis.smembers(bed.key('worker_pools'))).length === 1 &&
        (await bed.redis.keys(bed.key('jobs:crash:*:inprogress'))).length === 0,
      'the dead pool to be reaped and its jobs to run',
      30_000,
    );
    await survivor.drain();

    const runs = Number(await bed.redis.get(bed.key('test:runs')));
    console.log(
      `SIGKILL test: ${total} jobs, ${doneAtKill} done at the kill, ${inFlightAtKill} in flight, ${runs} runs in all, ${runs - total} re-run`,
    );
    expect(await bed.redis.scard(bed.key('test:done'))).toBe(total);
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(runs - total).toBeLessThanOrEqual(inFlightAtKill);
    expect(await bed.redis.llen(bed.key('jobs:crash'))).toBe(0);
    expect(await bed.redis.keys(bed.key('jobs:crash:*:inprogress'))).toEqual([]);
    expect(await bed.redis.get(bed.key('jobs:crash:lock'))).toBe('0');
    expect(await bed.redis.smembers(bed.key('worker_pools'))).toEqual([survivor.poolId]);
  });
});
