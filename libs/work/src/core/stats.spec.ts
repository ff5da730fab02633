import { FixedClock } from './clock';
import { Client } from './client';
import { silentLogger } from './logger';
import { WorkTestBed } from '../../../../test/harness/work';
import { testRedisUrl, waitFor } from '../../../../test/harness/redis';

describe('processed/failed counters', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('stats')));
  afterEach(() => bed.close());

  it('counts outcomes into per-second and per-minute buckets with TTLs, read back by the client', async () => {
    const clock = new FixedClock(1700000030);
    const enqueuer = bed.enqueuer({ clock });
    await enqueuer.enqueueBulk([1, 2, 3].map((i) => ({ name: 'ok', args: { i } })));
    await enqueuer.enqueue('bad', null);
    const pool = bed.pool({ clock, observeIntervalMs: 10 });
    pool.job('ok', () => undefined);
    pool.job('bad', () => {
      throw new Error('no');
    });
    await pool.start();
    await pool.drain();
    await waitFor(
      async () => (await bed.redis.hget(bed.key('stats:total'), 'failed')) === '1',
      'the counters to be flushed',
    );
    expect(await bed.redis.hgetall(bed.key('stats:total'))).toEqual({
      processed: '3',
      failed: '1',
    });
    expect(await bed.redis.hgetall(bed.key('stats:s:1700000030'))).toEqual({
      processed: '3',
      failed: '1',
    });
    expect(await bed.redis.ttl(bed.key('stats:s:1700000030'))).toBe(3600);
    expect(await bed.redis.ttl(bed.key('stats:m:1700000010'))).toBe(-2);
    expect(await bed.redis.ttl(bed.key('stats:m:1699999980'))).toBe(172800);

    const client = new Client({
      namespace: bed.namespace,
      redis: testRedisUrl(),
      clock: new FixedClock(1700000031),
      logger: silentLogger,
    });
    let stats;
    try {
      stats = await client.stats(3, 2);
    } finally {
      await client.close();
    }
    expect(stats).toEqual({
      total: { processed: 3, failed: 1 },
      per_second: [
        { at: 1700000029, processed: 0, failed: 0 },
        { at: 1700000030, processed: 3, failed: 1 },
        { at: 1700000031, processed: 0, failed: 0 },
      ],
      per_minute: [
        { at: 1699999920, processed: 0, failed: 0 },
        { at: 1699999980, processed: 3, failed: 1 },
      ],
    });
  });

  it('refuses out-of-range windows', async () => {
    const client = new Client({
      namespace: bed.namespace,
      redis: testRedisUrl(),
      logger: silentLogger,
    });
    try {
      await expect(client.stats(3601, 1)).rejects.toThrow(
        'seconds must be an integer from 1 to 3600, got 3601',
      );
      await expect(client.stats(1, 0)).rejects.toThrow(/minutes must be an integer from 1 to 2880/);
    } finally {
      await client.close();
    }
  });
});
