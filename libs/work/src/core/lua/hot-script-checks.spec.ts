/**
 * The fetch and acknowledgement scripts check their bookkeeping keys with the reads they need
 * anyway (MGET, HGET, GET) instead of a TYPE per key. Each case plants one key of the wrong type
 * or a non-integer count and shows the script fails naming it, with nothing written.
 */
import type Redis from 'ioredis';
import { ackJobs, defineScripts, fetchJobs } from './index';
import { WorkTestBed } from '../../../../../test/harness/work';

const POOL = 'p1';

describe('hot scripts check before they write', () => {
  let bed: WorkTestBed;
  let redis: Redis;
  beforeEach(() => {
    bed = new WorkTestBed('hotcheck');
    redis = bed.redis;
    defineScripts(redis);
  });
  afterEach(() => bed.close());

  const k = (suffix: string) => bed.key(`jobs:mail${suffix}`);
  const fetchKeys = () => [
    k(''),
    k(`:${POOL}:inprogress`),
    k(':paused'),
    k(':lock'),
    k(':lock_info'),
    k(':max_concurrency'),
  ];
  const fetch = (slots = 5) => fetchJobs(redis, fetchKeys(), [POOL, 1, slots, '\u0001']);
  const ackKeys = () => [
    bed.key('retry'),
    bed.key('dead'),
    k(`:${POOL}:inprogress`),
    k(':lock'),
    k(':lock_info'),
  ];
  const ack = (raw: string, kind = 'o') =>
    ackJobs(redis, ackKeys(), [
      POOL,
      kind === 'o' ? '1' : '1z',
      `1 ${kind}`,
      raw,
      ...(kind === 'o' ? [] : [5, 'member']),
    ]);

  /** Everything the plan may have touched, to show a failed script wrote nothing. */
  async function snapshot(): Promise<string[]> {
    const out: string[] = [];
    for (const key of (await redis.keys(bed.key('*'))).sort()) {
      const type = await redis.type(key);
      const value =
        type === 'list'
          ? await redis.lrange(key, 0, -1)
          : type === 'hash'
            ? await redis.hgetall(key)
            : type === 'zset'
              ? await redis.zrange(key, 0, -1, 'WITHSCORES')
              : type === 'string'
                ? await redis.get(key)
                : type;
      out.push(`${key} ${type} ${JSON.stringify(value)}`);
    }
    return out;
  }

  it('a fetch takes one share per queue down the order and counts the lock', async () => {
    await redis.lpush(k(''), 'a', 'b', 'c');
    const reply = await fetch(2);
    expect(reply.map((v) => v.toString())).toEqual(['a', '1', 'b', '1']);
    expect(await redis.lrange(k(`:${POOL}:inprogress`), 0, -1)).toEqual(['b', 'a']);
    expect(await redis.get(k(':lock'))).toBe('2');
    expect(await redis.hget(k(':lock_info'), POOL)).toBe('2');
  });

  it('a fetch gives no more than max_concurrency minus the lock', async () => {
    await redis.lpush(k(''), 'a', 'b', 'c');
    await redis.set(k(':max_concurrency'), '3');
    await redis.set(k(':lock'), '2');
    expect((await fetch(5)).map((v) => v.toString())).toEqual(['a', '1']);
    expect(await redis.get(k(':lock'))).toBe('3');
  });

  const fetchCases: Array<[string, () => Promise<unknown>, RegExp]> = [
    ['a list at the lock key', () => redis.lpush(k(':lock'), 'x'), /:lock is not a string/],
    ['a word at the lock key', () => redis.set(k(':lock'), 'many'), /:lock holds many, not an/],
    [
      'a string at lock_info',
      () => redis.set(k(':lock_info'), '1'),
      /:lock_info is not a hash \(nothing was written\)/,
    ],
    [
      "a word in this pool's lock_info field",
      () => redis.hset(k(':lock_info'), POOL, 'x'),
      /:lock_info field p1 holds x, not an integer/,
    ],
    [
      'a string at the in-progress key',
      () => redis.set(k(`:${POOL}:inprogress`), 'x'),
      /:inprogress is not a list/,
    ],
  ];
  it.each(fetchCases)(
    'a fetch meeting %s fails naming it and moves nothing',
    async (_, plant, message) => {
      await redis.lpush(k(''), 'a', 'b');
      await plant();
      const before = await snapshot();
      await expect(fetch()).rejects.toThrow(message);
      expect(await snapshot()).toEqual(before);
    },
  );

  const ackCases: Array<[string, string, () => Promise<unknown>, RegExp]> = [
    ['a word at the lock key', 'o', () => redis.set(k(':lock'), 'many'), /:lock holds many/],
    [
      'a hash at the lock key',
      'o',
      () => redis.del(k(':lock')).then(() => redis.hset(k(':lock'), 'f', '1')),
      /:lock is not a string/,
    ],
    [
      'a string at lock_info',
      'o',
      () => redis.set(k(':lock_info'), '1'),
      /:lock_info is not a hash/,
    ],
    [
      'a string at the in-progress key',
      'o',
      () => redis.set(k(`:${POOL}:inprogress`), 'x'),
      /:inprogress is not a list/,
    ],
    [
      'a list at the retry key, for a retry',
      'r',
      () => redis.lpush(bed.key('retry'), 'x'),
      /retry is not a zset/,
    ],
  ];
  it.each(ackCases)(
    'an acknowledgement meeting %s fails naming it and writes nothing',
    async (_, kind, plant, message) => {
      await redis.lpush(k(''), 'a');
      await fetch(1);
      await plant();
      const before = await snapshot();
      await expect(ack('a', kind)).rejects.toThrow(message);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('an acknowledgement of successes does not look at the retry and dead keys', async () => {
    await redis.lpush(k(''), 'a');
    await fetch(1);
    await redis.lpush(bed.key('retry'), 'x');
    expect(await ack('a')).toBe(1);
    expect(await redis.llen(k(`:${POOL}:inprogress`))).toBe(0);
    expect(await redis.get(k(':lock'))).toBe('0');
    expect(await redis.hget(k(':lock_info'), POOL)).toBe('0');
  });

  it('a run of successes releases exactly the payloads still in progress', async () => {
    await redis.lpush(k(''), 'a', 'b', 'c');
    await fetch(3);
    const keys = ackKeys();
    // 'gone' was handed back by someone else: it must release nothing.
    expect(await ackJobs(redis, keys, [POOL, '1', '*1 3', 'a', 'gone', 'c'])).toBe(2);
    expect(await redis.lrange(k(`:${POOL}:inprogress`), 0, -1)).toEqual(['b']);
    expect(await redis.get(k(':lock'))).toBe('1');
    expect(await redis.hget(k(':lock_info'), POOL)).toBe('1');
    // A run next to single outcomes of the same group.
    expect(await ackJobs(redis, keys, [POOL, '1z', '*1 0', '1 r', 'b', 7, 'retried'])).toBe(1);
    expect(await redis.zrange(bed.key('retry'), 0, -1, 'WITHSCORES')).toEqual(['retried', '7']);
    expect(await redis.get(k(':lock'))).toBe('0');
  });

  it('a run none of whose payloads is still in progress changes nothing and succeeds', async () => {
    // A retried batch whose first attempt ran late (a lost reply) finds every job gone.
    await redis.lpush(k(''), 'a');
    await fetch(1);
    const keys = ackKeys();
    expect(await ackJobs(redis, keys, [POOL, '1', '*1 1', 'a'])).toBe(1);
    expect(await ackJobs(redis, keys, [POOL, '1', '*1 1', 'a'])).toBe(0);
    expect(await redis.get(k(':lock'))).toBe('0');
    expect(await redis.hget(k(':lock_info'), POOL)).toBe('0');
  });
});
