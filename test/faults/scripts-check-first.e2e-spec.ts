/**
 * Scripts check every key they will write before writing any: a bookkeeping key of the wrong type
 * (as an older version's `mail:lock` queue left at mail's lock key) fails the script with nothing
 * moved, instead of failing after the RPOP and stranding the popped jobs in progress.
 */
import { waitFor } from '../harness/redis';
import { WorkTestBed } from '../harness/work';

describe('scripts check before they write', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('checkfirst')));
  afterEach(() => bed.close());

  it('a fetch meeting a list at the lock key moves no job and reports why', async () => {
    await bed.redis.lpush(
      bed.key('jobs:mail:lock'),
      '{"name":"mail:lock","id":"x","t":1,"args":{}}',
    );
    await bed
      .enqueuer()
      .enqueueBulk(Array.from({ length: 50 }, (_, i) => ({ name: 'mail', args: { i } })));
    const errors: string[] = [];
    const pool = bed.pool({
      logger: {
        error: (m: string) => errors.push(m),
        warn: () => undefined,
        log: () => undefined,
      },
    });
    let ran = 0;
    pool.job('mail', () => void ran++);
    await pool.start().catch(() => undefined);
    await waitFor(() => errors.some((e) => e.includes('fetching jobs failed')), 'a failed fetch');
    await pool.stop();
    expect(errors.find((e) => e.includes('fetching jobs failed'))).toMatch(
      /is not a string \(nothing was written\)/,
    );
    expect(ran).toBe(0);
    expect(await bed.redis.llen(bed.key('jobs:mail'))).toBe(50);
    expect(await bed.redis.keys(bed.key('jobs:mail:*:inprogress'))).toEqual([]);
  });

  it('a unique enqueue onto a queue key of the wrong type takes no unique key', async () => {
    await bed.redis.set(bed.key('jobs:report'), 'not a list');
    await expect(bed.enqueuer().enqueueUnique('report', { a: 1 })).rejects.toThrow(/WRONGTYPE/);
    expect(await bed.redis.keys(bed.key('unique:*'))).toEqual([]);
  });
});
