import { CjsonRewriteError, cjsonRewrites } from './cjson-check';
import { Client } from './client';
import { FixedClock } from './clock';
import { WorkConfigError } from './errors';
import { parseJob } from './job';
import type { WorkLogger } from './logger';
import { testRedisUrl } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';

/** Args each checked against what Redis' cjson really does to them on a requeue. */
const samples: Array<Record<string, unknown>> = [
  { a: 1, s: 'x/y', n: null, e: {}, f: 0.5, neg: -0 },
  { tags: [] },
  { nested: { deep: [[1], []] } },
  { big: Number('12345678901234567') },
  { pi: Math.PI },
  { ok14: 12345678901234, tenth: 0.1, exp: 1e21 },
  { sum: 0.1 + 0.2 },
  { id: 9007199254740993n },
  { id: 123n },
];

describe('cjsonRewrites', () => {
  it('names each value with its path and what it becomes', () => {
    expect(
      cjsonRewrites({
        tags: [],
        items: [{ id: Number('12345678901234567') }],
        'a b': { c: Math.PI },
      }),
    ).toEqual([
      { path: 'args.tags', change: '[] becomes {}' },
      { path: 'args.items[0].id', change: '12345678901234568 becomes 12345678901235000' },
      { path: 'args["a b"].c', change: '3.141592653589793 becomes 3.1415926535898' },
    ]);
    expect(cjsonRewrites(null)).toEqual([]);
    expect(cjsonRewrites({ a: 1, b: 'x', c: {}, d: [1, 'y'], e: null, f: 1e21 })).toEqual([]);
  });
});

describe('cjsonRewrites agrees with Redis cjson, and the enqueuer strict mode', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('cjson')));
  afterEach(() => bed.close());

  it.each(samples.map((args, i) => [i, args] as const))(
    'sample %i: reports a rewrite exactly when a requeue changes the args',
    async (_i, args) => {
      const clock = new FixedClock(1_700_000_000);
      await bed.enqueuer({ clock }).enqueueIn('cj', -1, args);
      const client = new Client({ namespace: bed.namespace, redis: testRedisUrl(), clock });
      try {
        expect(await client.runAllJobsNow('scheduled')).toEqual({ moved: 1, left: 0 });
      } finally {
        await client.close();
      }
      const after = parseJob((await bed.redis.lindex(bed.key('jobs:cj'), 0)) as string).args;
      const asDecoded = JSON.parse(
        JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)),
      );
      const changed =
        JSON.stringify(sortKeysDeep(after)) !== JSON.stringify(sortKeysDeep(asDecoded));
      expect(cjsonRewrites(args).length > 0).toBe(changed);
    },
  );

  it("'refuse' throws before writing; 'warn' logs once per job name and place and writes", async () => {
    await expect(
      bed.enqueuer({ strictArgs: 'refuse' }).enqueueIn('cj', 60, { tags: [] }),
    ).rejects.toThrow(CjsonRewriteError);
    await expect(
      bed.enqueuer({ strictArgs: 'refuse' }).enqueueBulk([
        { name: 'cj', args: { a: 1 } },
        { name: 'cj', args: { big: 12345678901234567n } },
      ]),
    ).rejects.toThrow(/args\.big: 12345678901234567 becomes 12345678901235000/);
    expect(await bed.redis.exists(bed.key('scheduled'), bed.key('jobs:cj'))).toBe(0);

    const warnings: string[] = [];
    const logger: WorkLogger = { log: () => {}, error: () => {}, warn: (m) => warnings.push(m) };
    const warner = bed.enqueuer({ strictArgs: 'warn', logger });
    await warner.enqueue('cj', { tags: [] });
    await warner.enqueue('cj', { tags: [] });
    await warner.enqueue('other', { tags: [] });
    expect(await bed.redis.llen(bed.key('jobs:cj'))).toBe(2);
    expect(warnings.filter((w) => w.includes('args of job'))).toEqual([
      expect.stringContaining('args of job "cj" would change if the job is scheduled or retried'),
      expect.stringContaining('args of job "other"'),
    ]);
    expect(warnings[0]).toContain('args.tags: [] becomes {}');
  });

  it("'off' (the default) accepts the same args silently; an unknown mode is refused", async () => {
    await bed.enqueuer().enqueue('cj', { tags: [] });
    expect(await bed.redis.llen(bed.key('jobs:cj'))).toBe(1);
    expect(() => bed.enqueuer({ strictArgs: 'loud' as never })).toThrow(WorkConfigError);
    expect(() => bed.enqueuer({ strictArgs: 'loud' as never })).toThrow(
      `Enqueuer option "strictArgs" must be 'off', 'warn' or 'refuse', got "loud"`,
    );
  });
});

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeysDeep((v as Record<string, unknown>)[k])]),
  );
}
