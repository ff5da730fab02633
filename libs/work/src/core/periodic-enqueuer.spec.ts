/**
 * The periodic enqueuer against a real Redis: every case of the vectors' `periodic_enqueue` section
 * (members and scores byte for byte, in ZRANGE order), gocraft's TestPeriodicEnqueuer and
 * TestPeriodicEnqueuerSpawn, and the never-firing spec that hangs gocraft.
 */
import { FixedClock } from './clock';
import { localTimeZone } from './cron';
import { WorkConfigError } from './errors';
import { parseJob } from './job';
import { Keys } from './keys';
import { silentLogger, WorkLogger } from './logger';
import { PeriodicEnqueuer, PeriodicEnqueuerOptions } from './periodic-enqueuer';
import {
  caseKeys,
  expectSameBytes,
  isolate,
  IsolatedNamespace,
  testKey,
} from './conformance/support';
import { b64, loadVectors } from './conformance/vectors';
import { WorkTestBed } from '../../../../test/harness/work';
import { waitFor } from '../../../../test/harness/redis';

interface PeriodicRun {
  now: number;
  should_enqueue_before?: boolean;
  scheduled_key: string;
  scheduled_after: Array<{ member: string; member_b64: string; score: number }>;
  last_periodic_enqueue_key: string;
  last_periodic_enqueue_value: string;
  keys_after: string[];
}
interface PeriodicCase {
  case: string;
  namespace: string;
  periodic_jobs: Array<{ job_name: string; spec: string }>;
  run?: PeriodicRun;
  run1?: PeriodicRun;
  run2?: PeriodicRun;
  should_enqueue_after?: Array<{ now: number; should_enqueue: boolean }>;
}
interface PeriodicVectors {
  process_time_zone: string;
  horizon_seconds: number;
  cases: PeriodicCase[];
  process_tz_comparison: Record<string, { time_Local: string; cases: PeriodicCase[] } | string>;
  never_firing_spec: {
    namespace: string;
    periodic_jobs: PeriodicCase['periodic_jobs'];
    now: number;
    enqueue_returned_within_2s: boolean;
  };
}

const vectors = (loadVectors() as unknown as { periodic_enqueue: PeriodicVectors })
  .periodic_enqueue;
const tzVariants = Object.entries(vectors.process_tz_comparison).flatMap(([label, v]) =>
  typeof v === 'string' ? [] : v.cases.map((c) => ({ label, zone: v.time_Local, c })),
);

describe('PeriodicEnqueuer', () => {
  let bed: WorkTestBed;
  const started: PeriodicEnqueuer[] = [];
  beforeEach(() => (bed = new WorkTestBed('periodic')));
  afterEach(async () => {
    for (const pe of started.splice(0)) await pe.stop();
    await bed.close();
  });

  function enqueuer(
    ns: string,
    clock: FixedClock,
    extra: Partial<PeriodicEnqueuerOptions> = {},
  ): PeriodicEnqueuer {
    const pe = new PeriodicEnqueuer({
      keys: new Keys(ns),
      redis: bed.redis,
      clock,
      logger: silentLogger,
      timeZone: 'UTC',
      ...extra,
    });
    started.push(pe);
    return pe;
  }

  /** Runs one vector run and checks the namespace's keys, members, scores and last-enqueue value. */
  async function checkRun(
    pe: PeriodicEnqueuer,
    clock: FixedClock,
    ns: IsolatedNamespace,
    caseNs: string,
    run: PeriodicRun,
  ): Promise<void> {
    expect(new Keys(caseNs).scheduled).toBe(run.scheduled_key);
    expect(new Keys(caseNs).lastPeriodicEnqueue).toBe(run.last_periodic_enqueue_key);
    clock.epoch = run.now;
    if (run.should_enqueue_before !== undefined)
      expect(await pe.shouldEnqueue()).toBe(run.should_enqueue_before);
    await pe.enqueue();
    const stored = await bed.redis.zrangeBuffer(
      testKey(ns, run.scheduled_key),
      0,
      -1,
      'WITHSCORES',
    );
    expect(stored.length).toBe(run.scheduled_after.length * 2);
    run.scheduled_after.forEach((want, i) => {
      expectSameBytes(stored[2 * i], b64(want.member_b64));
      expect(Number(stored[2 * i + 1].toString())).toBe(want.score);
    });
    expect(await bed.redis.get(testKey(ns, run.last_periodic_enqueue_key))).toBe(
      run.last_periodic_enqueue_value,
    );
    expect(await caseKeys(bed.redis, ns)).toEqual([...run.keys_after].sort());
  }

  async function runCase(c: PeriodicCase, zone: string): Promise<void> {
    const ns = isolate(c.namespace, bed.namespace);
    const clock = new FixedClock(0);
    const pe = enqueuer(ns.namespace, clock, { timeZone: zone });
    for (const job of c.periodic_jobs) pe.register(job.spec, job.job_name);
    for (const run of [c.run, c.run1, c.run2])
      if (run) await checkRun(pe, clock, ns, c.namespace, run);
    for (const probe of c.should_enqueue_after ?? []) {
      clock.epoch = probe.now;
      expect([probe.now, await pe.shouldEnqueue()]).toEqual([probe.now, probe.should_enqueue]);
    }
  }

  it("uses the vectors' horizon and zone", () => {
    expect([vectors.horizon_seconds, vectors.process_time_zone]).toEqual([240, 'UTC']);
    expect(vectors.cases.map((c) => c.case)).toEqual([
      'library_test_example',
      'empty_namespace_horizon_exclusive',
      'two_runs_overlap',
    ]);
    expect(tzVariants.length).toBe(4);
  });

  it.each(vectors.cases.map((c) => [c.case, c] as const))('vector case %s', async (_name, c) => {
    await runCase(c, vectors.process_time_zone);
  });

  it.each(tzVariants.map((v) => [v.label, v.c.case, v] as const))(
    'process_tz_comparison %s %s (timeZone option)',
    async (_l, _c, v) => {
      await runCase(v.c, v.zone);
    },
  );

  it('TestPeriodicEnqueuer: 20 jobs, nothing new 1 s later, shouldEnqueue false then and true at +12 s', async () => {
    const clock = new FixedClock(1468359453);
    const pe = enqueuer(bed.namespace, clock);
    pe.register('0/29 * * * * *', 'foo');
    pe.register('3/49 * * * * *', 'bar');
    pe.register('* * * 2 * *', 'baz');
    await pe.enqueue();
    const members = await bed.redis.zrange(bed.key('scheduled'), 0, -1, 'WITHSCORES');
    const jobs = [];
    for (let i = 0; i < members.length; i += 2)
      jobs.push({ job: parseJob(members[i]), runAt: Number(members[i + 1]) });
    expect(jobs.length).toBe(20);
    expect(jobs.slice(0, 4).map(({ job }) => `${job.name}@${job.enqueuedAt}`)).toEqual([
      'bar@1468359472',
      'foo@1468359478',
      'foo@1468359480',
      'bar@1468359483',
    ]);
    expect(jobs.filter(({ job }) => job.name === 'foo').length).toBe(12); // baz (the 2nd of a month) has none
    expect(`${jobs[19].job.name}@${jobs[19].runAt}`).toBe('foo@1468359689');
    for (const { job, runAt } of jobs) {
      const spec = job.name === 'foo' ? '0/29 * * * * *' : '3/49 * * * * *';
      expect([job.id, job.enqueuedAt, job.args]).toEqual([
        `periodic:${job.name}:${spec}:${runAt}`,
        runAt,
        null,
      ]);
    }
    expect(await bed.redis.get(bed.key('last_periodic_enqueue'))).toBe('1468359453');

    clock.epoch = 1468359454;
    await pe.enqueue();
    expect(await bed.redis.zcard(bed.key('scheduled'))).toBe(20);
    expect(await bed.redis.get(bed.key('last_periodic_enqueue'))).toBe('1468359454');
    expect(await pe.shouldEnqueue()).toBe(false);
    clock.epoch = 1468359454 + 12;
    expect(await pe.shouldEnqueue()).toBe(true);
  });

  it('TestPeriodicEnqueuerSpawn: start and stop with no jobs do not hang, and the first pass runs at start', async () => {
    const pe = enqueuer(bed.namespace, new FixedClock(1700000000));
    await pe.stop(); // before start: a no-op
    pe.start();
    pe.start();
    await pe.stop();
    await pe.stop();
    expect(await bed.redis.get(bed.key('last_periodic_enqueue'))).toBe('1700000000');
  });

  it('a spec that never fires (Feb 30) is skipped with one warning instead of hanging as in Go', async () => {
    const { namespace, periodic_jobs, now, enqueue_returned_within_2s } = vectors.never_firing_spec;
    expect(enqueue_returned_within_2s).toBe(false); // what gocraft does; we deliberately differ
    const warnings: string[] = [];
    const logger: WorkLogger = { ...silentLogger, warn: (m) => warnings.push(m) };
    const ns = isolate(namespace, bed.namespace);
    const pe = enqueuer(ns.namespace, new FixedClock(now), { logger });
    for (const job of periodic_jobs) pe.register(job.spec, job.job_name);
    pe.register('0 */1 * * * *', 'minutely');
    await pe.enqueue();
    await pe.enqueue();
    expect(await bed.redis.zcard(testKey(ns, 'never:scheduled'))).toBe(4);
    expect(await bed.redis.zrangebyscore(testKey(ns, 'never:scheduled'), '-inf', 0)).toEqual([]);
    expect(await bed.redis.get(testKey(ns, 'never:last_periodic_enqueue'))).toBe(String(now));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"feb30"');
    expect(warnings[0]).toContain('"0 0 0 30 2 *"');
  });

  it('the loop repeats every periodMs, checks shouldEnqueue each time, and never overlaps passes', async () => {
    const clock = new FixedClock(1000);
    const pe = enqueuer(bed.namespace, clock, { periodMs: 1 });
    let [checks, passes, inFlight, maxInFlight] = [0, 0, 0, 0];
    const [shouldEnqueue, enqueue] = [pe.shouldEnqueue.bind(pe), pe.enqueue.bind(pe)];
    pe.shouldEnqueue = () => (checks++, shouldEnqueue());
    pe.enqueue = async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5)); // a slow pass, to give overlap a chance
      await enqueue();
      inFlight--;
      passes++;
    };
    pe.start();
    await waitFor(() => checks >= 5, 'five wake-ups');
    // The clock stood still: only the first wake-up found the key missing (or >= 2 s old).
    expect(passes).toBe(1);
    expect(await bed.redis.get(bed.key('last_periodic_enqueue'))).toBe('1000');
    clock.epoch = 1003;
    await waitFor(
      async () => (await bed.redis.get(bed.key('last_periodic_enqueue'))) === '1003',
      'a pass once the key is 3 s old',
    );
    await pe.stop();
    const settled = [checks, passes];
    await new Promise((resolve) => setImmediate(resolve));
    expect([checks, passes]).toEqual(settled); // stopped means stopped
    expect(maxInFlight).toBe(1);
  });

  it('register throws on an invalid spec or job name, and the constructor on an unknown zone', () => {
    const pe = enqueuer(bed.namespace, new FixedClock(0));
    expect(() => pe.register('0 0 0 * * 7', 'x')).toThrow(WorkConfigError);
    expect(() => pe.register('0 0 0 * * 7', 'x')).toThrow('End of range (7) above maximum (6): 7');
    expect(() => pe.register('@every 1m', '')).toThrow(WorkConfigError);
    expect(() => enqueuer(bed.namespace, new FixedClock(0), { timeZone: 'Nowhere/Null' })).toThrow(
      'unknown time zone "Nowhere/Null"',
    );
  });

  it('shouldEnqueue is true when the key is missing or not an integer', async () => {
    const pe = enqueuer(bed.namespace, new FixedClock(100));
    expect(await pe.shouldEnqueue()).toBe(true);
    await bed.redis.set(bed.key('last_periodic_enqueue'), 'soon');
    expect(await pe.shouldEnqueue()).toBe(true);
    await bed.redis.set(bed.key('last_periodic_enqueue'), '98');
    expect(await pe.shouldEnqueue()).toBe(false);
    await bed.redis.set(bed.key('last_periodic_enqueue'), '97');
    expect(await pe.shouldEnqueue()).toBe(true);
  });

  it('horizonSeconds and timeZone change what a pass writes', async () => {
    const pe = enqueuer(bed.namespace, new FixedClock(1700000000), {
      horizonSeconds: 60,
      timeZone: 'Asia/Kolkata',
    });
    pe.register('0 */1 * * * *', 'minutely');
    pe.register('0 44 3 * * *', 'ist'); // 03:44:00 IST = 22:14:00Z
    await pe.enqueue();
    expect(await bed.redis.zrange(bed.key('scheduled'), 0, -1, 'WITHSCORES')).toEqual([
      '{"name":"ist","id":"periodic:ist:0 44 3 * * *:1700000040","t":1700000040,"args":null}',
      '1700000040',
      '{"name":"minutely","id":"periodic:minutely:0 */1 * * * *:1700000040","t":1700000040,"args":null}',
      '1700000040',
    ]);
  });

  it("a worker pool reads its schedules in the pool's timeZone option", async () => {
    const pool = bed.pool({ clock: new FixedClock(1700000000), timeZone: 'Asia/Kolkata' });
    pool.periodicallyEnqueue('0 44 3 * * *', 'ist'); // 03:44:00 IST = 22:14:00Z, 40 s ahead
    await pool.start();
    await waitFor(
      async () => (await bed.redis.zcard(bed.key('scheduled'))) === 1,
      'the first periodic pass',
    );
    expect(await bed.redis.zrange(bed.key('scheduled'), 0, -1, 'WITHSCORES')).toEqual([
      '{"name":"ist","id":"periodic:ist:0 44 3 * * *:1700000040","t":1700000040,"args":null}',
      '1700000040',
    ]);
  });

  it('a pool without a timeZone option evaluates schedules in the local zone and says which', async () => {
    const pool = bed.pool();
    pool.job('local', () => undefined);
    pool.periodicallyEnqueue('0 0 0 * * *', 'local');
    await pool.start();
    expect(await bed.redis.hget(bed.key(`worker_pools:${pool.poolId}`), 'time_zone')).toBe(
      localTimeZone(),
    );
    await pool.stop();
  });

  it('a pool without schedules writes no time zone', async () => {
    const pool = bed.pool();
    pool.job('plain', () => undefined);
    await pool.start();
    const beat = await bed.redis.hgetall(bed.key(`worker_pools:${pool.poolId}`));
    expect(beat.job_names).toBe('plain');
    expect(beat).not.toHaveProperty('time_zone');
    await pool.stop();
  });
});
