/**
 * enqueueBulk against a Redis that reaches maxmemory (noeviction) part way: each call writes all
 * of its jobs or none, so a caller that retries a refused call makes no duplicates.
 */
import Redis from 'ioredis';
import { Enqueuer, RedisUnavailableError, silentLogger } from 'nestjs-gocraft-work/core';
import { PrivateRedis, startPrivateRedis } from 'nestjs-gocraft-work/testing';

jest.setTimeout(30_000);

describe('enqueueBulk on a Redis running out of memory', () => {
  let server: PrivateRedis;
  let redis: Redis;
  let enqueuer: Enqueuer;
  beforeAll(async () => {
    server = await startPrivateRedis({ args: ['--maxmemory-policy', 'noeviction'] });
    redis = new Redis(server.url);
    enqueuer = new Enqueuer({ namespace: 'oom', redis: server.url, logger: silentLogger });
  });
  afterAll(async () => {
    await enqueuer.close();
    await redis.quit();
    await server.stop();
  });

  it('writes every job of a call or none of them', async () => {
    const jobs = (from: number) =>
      Array.from({ length: 5000 }, (_, i) => ({
        name: 'bulk',
        args: { i: from + i, pad: 'x'.repeat(150) },
      }));
    await enqueuer.enqueue('bulk', { warm: 1 }); // connection, scripts and known_jobs in place
    const used = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
    // Room for far less than one 1,000-job LPUSH: the old pipelined chunks stopped after the first.
    await redis.config('SET', 'maxmemory', String(used + 50_000));

    const refused = enqueuer.enqueueBulk(jobs(0));
    await expect(refused).rejects.toThrow(RedisUnavailableError);
    await expect(refused).rejects.toThrow(
      /^bulk enqueue of 5000 job\(s\) failed: Redis is out of memory .* nothing was written/,
    );
    expect(await redis.llen('oom:jobs:bulk')).toBe(1);

    // Once memory is freed the retried call writes every job, exactly once.
    await redis.config('SET', 'maxmemory', '0');
    await enqueuer.enqueueBulk(jobs(0));
    expect(await redis.llen('oom:jobs:bulk')).toBe(5001);
  });
});
