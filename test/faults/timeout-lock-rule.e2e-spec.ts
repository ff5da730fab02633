/**
 * The rule for a job that times out (docs/engine.md, "Timeouts and the concurrency lock"): its
 * outcome is written at the timeout, which releases its share of the MaxConcurrency lock and its
 * unique key, while its worker slot stays busy until the handler returns. So one pool never runs
 * more than its concurrency, but a handler that ignores its AbortSignal can overlap a job of the
 * same name that another pool starts: MaxConcurrency counts jobs that have not timed out.
 */
import { waitFor } from '../harness/redis';
import { gate, WorkTestBed } from '../harness/work';

describe('a timed-out job and the MaxConcurrency lock', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('tolock')));
  afterEach(() => bed.close());

  it('releases the lock at the timeout; only its own pool keeps the slot busy', async () => {
    await bed.enqueuer().enqueueBulk([1, 2, 3].map((i) => ({ name: 'api', args: { i } })));
    const release = gate();
    const running = new Map<string, number>();
    let overlap = 0;
    const handler = (pool: string) => async () => {
      running.set(pool, (running.get(pool) ?? 0) + 1);
      overlap = Math.max(
        overlap,
        [...running.values()].reduce((a, b) => a + b, 0),
      );
      await release.promise; // ignores its AbortSignal on purpose
      running.set(pool, running.get(pool)! - 1);
    };
    const options = { maxConcurrency: 1, timeoutMs: 100, maxFails: 1 };
    const a = bed.pool({ concurrency: 1 });
    a.job('api', handler('a'), options);
    await a.start();
    await waitFor(() => running.get('a') === 1, 'pool a to start a job');
    const b = bed.pool({ concurrency: 1 });
    b.job('api', handler('b'), options);
    await b.start();
    // a's job timed out (dead, lock share released) while its handler still runs: b may start one.
    await waitFor(() => running.get('b') === 1, 'pool b to start a job', 5000);
    expect(running.get('a')).toBe(1); // a's slot is still held: a never exceeds its concurrency
    expect(overlap).toBe(2);
    expect(await bed.redis.zcard(bed.key('dead'))).toBeGreaterThanOrEqual(1);
    release.open();
    // Jobs started after the gate opened succeed; the timed-out ones are dead.
    await waitFor(async () => (await bed.redis.llen(bed.key('jobs:api'))) === 0, 'the queue');
    await waitFor(() => a.activeJobs + b.activeJobs === 0, 'every handler to return');
    await waitFor(
      async () => (await bed.redis.get(bed.key('jobs:api:lock'))) === '0',
      'the lock released',
    );
    expect(await bed.redis.zcard(bed.key('dead'))).toBeGreaterThanOrEqual(1);
  });
});
