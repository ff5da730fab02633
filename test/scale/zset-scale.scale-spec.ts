/**
 * Scale: the client's bulk actions, search and lookups over large retry/scheduled/dead sets with
 * half of the jobs under names no pool knows (the members a bulk move must skip). Each figure is
 * Redis's own CPU time (INFO cpu, main thread), so a busy machine does not blur it:
 * - every bulk action and search costs the same per member at 50k and at 200k (linear, never
 *   re-walking skipped members);
 * - a lookup by id never holds Redis for more than a few milliseconds per command;
 * - search finds a term wherever it sits in the set.
 * Run by `npm run test:scale` (and .ci/run), not by `npm test`.
 */
import Redis from 'ioredis';
import { Client, silentLogger } from 'nestjs-gocraft-work/core';
import { startPrivateRedis, type PrivateRedis } from 'nestjs-gocraft-work/testing';

jest.setTimeout(600_000);

const NS = 'scale';
const SIZES = [50_000, 200_000] as const;
/**
 * Largest accepted growth of the per-member cost from 50k to 200k. Linear work stays near 1x (a
 * little more from O(log n) steps and cache misses on a larger set); re-walking skipped members,
 * as `ZRANGEBYSCORE … LIMIT offset` did, is quadratic: 4x.
 */
const LINEAR_SLACK = 2;
/**
 * Largest accepted ratio of late to early script-call time within one bulk action at 200k: reading
 * by rank keeps it near 1; walking past every skipped member makes the late calls several times
 * slower (measured at 3x to 6x with 99% skipped).
 */
const LATE_CALL_SLACK = 1.6;
/**
 * A lookup step (ZSCAN COUNT 200) takes ~0.3 ms of Redis time. A step slower than this bound, in
 * microseconds, can only come from the machine preempting Redis; at most 1% of steps may.
 */
const LOOKUP_BOUND_US = 5_000;

let server: PrivateRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

/** The id of the i-th job. */
function idOf(i: number): string {
  return i.toString(16).padStart(24, '0');
}

/** One in this many members has a known name (2: half are unknown, as the scenario). */
let knownEvery = 2;

/** A Go-shaped job member; all but one in `knownEvery` have a name missing from known_jobs. */
function member(i: number, extra = ''): string {
  const name = i % knownEvery === 0 ? 'known' : `ghost${i % 50}`;
  const id = idOf(i);
  return `{"name":"${name}","id":"${id}","t":1700000000,"args":{"user":${i},"note":"payload ${extra}"},"fails":1,"err":"boom","failed_at":1700000000}`;
}

/** ZADDs `n` members scored 1..n (in the past) in pipelines of 1000; `needleAt` gets a unique term. */
async function fill(key: string, n: number, needleAt = -1): Promise<void> {
  for (let start = 0; start < n; start += 1000) {
    const args: Array<string | number> = [];
    for (let i = start; i < Math.min(n, start + 1000); i++)
      args.push(i + 1, member(i, i === needleAt ? 'zebra-needle' : 'x'));
    await redis.zadd(key, ...args);
  }
}

/**
 * CPU time of Redis's main thread so far, in microseconds. CPU time, unlike the wall time in
 * commandstats, does not grow when a busy machine preempts Redis.
 */
async function redisMicros(): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return (field('used_cpu_user_main_thread') + field('used_cpu_sys_main_thread')) * 1e6;
}

/**
 * Runs `action` on a freshly filled set; returns Redis's CPU microseconds per member, and how much
 * longer the last fifth of its script calls took than the first fifth (medians, from SLOWLOG).
 * A walk that re-reads skipped members makes each call slower than the one before: the late calls
 * then cost several times the early ones.
 */
async function perMember(
  n: number,
  action: (client: Client) => Promise<unknown>,
): Promise<{ micros: number; lateOverEarly: number }> {
  const client = new Client({ namespace: NS, redis: server.url, logger: silentLogger });
  try {
    await redis.config('SET', 'slowlog-log-slower-than', '0');
    await redis.config('SET', 'slowlog-max-len', '100000');
    await redis.slowlog('RESET');
    const before = await redisMicros();
    await action(client);
    const micros = ((await redisMicros()) - before) / n;
    await redis.config('SET', 'slowlog-log-slower-than', '10000');
    const entries = (await redis.slowlog('GET', -1)) as Array<[number, number, number, string[]]>;
    const scripts = entries
      .filter((e) => /^eval/i.test(e[3][0]))
      .sort((a, b) => a[0] - b[0])
      .map((e) => e[2]);
    return { micros, lateOverEarly: lateOverEarly(scripts) };
  } finally {
    await client.close();
  }
}

/** Median of the last fifth over median of the first fifth (1 when there are too few calls). */
function lateOverEarly(durations: number[]): number {
  if (durations.length < 10) return 1;
  const fifth = Math.floor(durations.length / 5);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return median(durations.slice(-fifth)) / Math.max(1, median(durations.slice(0, fifth)));
}

async function setUp(n: number): Promise<void> {
  await redis.flushall();
  await redis.sadd(`${NS}:known_jobs`, 'known');
  await fill(`${NS}:dead`, n, Math.floor(n * 0.73));
  await fill(`${NS}:scheduled`, n / 2);
}

async function measure(label: string, action: (client: Client, n: number) => Promise<unknown>) {
  const perSize: Array<{ micros: number; lateOverEarly: number }> = [];
  for (const n of SIZES) {
    // The better of two runs: a shared machine can preempt Redis in one of them.
    const runs = [];
    for (let run = 0; run < 2; run++) {
      await setUp(n);
      runs.push(await perMember(n, (client) => action(client, n)));
    }
    perSize.push({
      micros: Math.min(...runs.map((r) => r.micros)),
      lateOverEarly: Math.min(...runs.map((r) => r.lateOverEarly)),
    });
  }
  const [small, large] = perSize;
  console.log(
    `${label}: ${small.micros.toFixed(2)} us/member at 50k, ${large.micros.toFixed(2)} at 200k; ` +
      `late/early call time at 200k ${large.lateOverEarly.toFixed(2)}`,
  );
  expect(large.micros / small.micros).toBeLessThan(LINEAR_SLACK);
  expect(large.lateOverEarly).toBeLessThan(LATE_CALL_SLACK);
}

describe('client at scale (Redis time per member)', () => {
  it('retry dead jobs by name skips the other half linearly', async () => {
    await measure('retry_dead_jobs/:name', async (client, n) => {
      expect(await client.retryDeadJobsByName('known')).toEqual({
        requeued: n / 2,
        unknown: 0,
        unencodable: 0,
      });
    });
  });

  it('run all scheduled now leaves unknown names linearly', async () => {
    await measure('run_all_scheduled_jobs', async (client, n) => {
      expect(await client.runAllJobsNow('scheduled')).toEqual({ moved: n / 4, left: n / 4 });
    });
  });

  it('filtered delete and filtered retry walk the set once', async () => {
    await measure('delete matching (name)', async (client, n) => {
      expect(await client.deleteMatchingJobs('dead', { name: 'ghost7' })).toBe(n / 50);
    });
    await measure('retry matching (term)', async (client) => {
      expect(await client.retryDeadJobsMatching({ q: 'zebra-needle' })).toMatchObject({
        requeued: 1,
      });
    });
  });

  it('search finds a term anywhere and counts linearly', async () => {
    await measure('search (page to the match, then count)', async (client, n) => {
      let cursor: number | null = 0;
      const found: string[] = [];
      while (cursor !== null && found.length === 0) {
        const step = await client.searchJobs('dead', { q: 'Zebra-Needle', cursor, limit: 20 });
        found.push(...step.jobs.map((j) => j.id));
        cursor = step.cursor;
      }
      expect(found).toEqual([
        Math.floor(n * 0.73)
          .toString(16)
          .padStart(24, '0'),
      ]);
      let matched = 0;
      for (let c: number | null = 0; c !== null;) {
        const step = await client.searchJobs('dead', { name: 'known', cursor: c, limit: 0 });
        matched += step.matched;
        c = step.cursor;
      }
      expect(matched).toBe(n / 2);
    });
  });

  it('bulk moves that skip 99% of the set stay linear (re-walking skipped members would not)', async () => {
    knownEvery = 100;
    try {
      await measure('retry_dead_jobs/:name, 1% match', async (client, n) => {
        expect(await client.retryDeadJobsByName('known')).toMatchObject({ requeued: n / 100 });
      });
      await measure('run_all_scheduled_jobs, 99% unknown', async (client, n) => {
        expect(await client.runAllJobsNow('scheduled')).toEqual({
          moved: n / 200,
          left: n / 2 - n / 200,
        });
      });
    } finally {
      knownEvery = 2;
    }
  });

  it('a lookup by id never holds Redis for long', async () => {
    await setUp(200_000);
    await redis.config('SET', 'slowlog-log-slower-than', String(LOOKUP_BOUND_US));
    await redis.slowlog('RESET');
    const client = new Client({ namespace: NS, redis: server.url, logger: silentLogger });
    try {
      await redis.config('RESETSTAT');
      const started = Date.now();
      expect(await client.findJob('f'.repeat(24))).toBeNull();
      const wall = Date.now() - started;
      const info = await redis.info('commandstats');
      const [, calls, usec] = /cmdstat_zscan:calls=(\d+),usec=(\d+)/.exec(info) ?? [];
      console.log(
        `jobs/:id not found over 300k members: ${calls} ZSCAN steps, ${(Number(usec) / Number(calls)).toFixed(0)} us each, ${wall} ms wall`,
      );
      const slow = (await redis.slowlog('GET', 1000)) as Array<[number, number, number]>;
      console.log(
        `steps over ${LOOKUP_BOUND_US} us: ${slow.map((entry) => entry[2]).join(', ') || 'none'}`,
      );
      expect(slow.length).toBeLessThanOrEqual(Number(calls) / 100);
      const at = await client.findJob(idOf(4), { set: 'dead', score: 5 });
      expect(at).toMatchObject({ set: 'dead', score: 5 });
    } finally {
      await client.close();
    }
  });
});
