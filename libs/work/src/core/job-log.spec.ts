import { FixedClock } from './clock';
import { jobLogListener } from './job-log';
import type { WorkLogger } from './logger';
import { waitFor } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';

/** A logger that records every line with its level. */
function recorder(): { logger: WorkLogger; lines: string[] } {
  const lines: string[] = [];
  const logger: WorkLogger = {
    log: (m) => lines.push(`log ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m, stack) => lines.push(`error ${m}${stack ? ' +stack' : ''}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
  return { logger, lines };
}

describe('per-job log lines', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('joblog')));
  afterEach(() => bed.close());

  const NOW = 1_800_000_000;

  async function runAll(logJobs?: boolean): Promise<{ lines: string[]; ids: string[] }> {
    const enqueuer = bed.enqueuer({ clock: new FixedClock(NOW) });
    const ids = [
      (await enqueuer.enqueue('ok', null)).id,
      (await enqueuer.enqueue('flaky', null)).id,
      (await enqueuer.enqueue('fatal', null)).id,
      (await enqueuer.enqueue('dropped', null)).id,
    ];
    const { logger, lines } = recorder();
    const pool = bed.pool({ concurrency: 1, clock: new FixedClock(NOW), logger, logJobs });
    pool.job('ok', () => undefined);
    pool.job('flaky', () => Promise.reject(new Error('try again')), { backoff: () => 30 });
    pool.job('fatal', () => Promise.reject(new Error('gone for good')), { maxFails: 1 });
    pool.job('dropped', () => Promise.reject(new Error('ignored')), {
      maxFails: 1,
      skipDead: true,
    });
    await pool.start();
    await pool.drain();
    await waitFor(async () => (await bed.redis.zcard(bed.key('dead'))) === 1, 'the dead job');
    await pool.stop();
    return { lines: lines.filter((l) => / job "/.test(l)), ids };
  }

  it('logs each failure once with its next step, stacks only for final failures, start/finish at debug', async () => {
    const { lines, ids } = await runAll();
    const [ok, flaky, fatal, dropped] = ids;
    const retryAt = new Date((NOW + 30) * 1000).toISOString();
    const durationsHidden = lines.map((l) => l.replace(/in \d+ ms$/, 'in N ms'));
    expect(durationsHidden.sort()).toEqual(
      [
        `debug job "ok" ${ok} attempt 1 started`,
        `debug job "ok" ${ok} attempt 1 succeeded in N ms`,
        `debug job "flaky" ${flaky} attempt 1 started`,
        `warn job "flaky" ${flaky} attempt 1 failed: try again; retry at ${retryAt}`,
        `debug job "fatal" ${fatal} attempt 1 started`,
        `error job "fatal" ${fatal} attempt 1 failed: gone for good; moved to the dead set +stack`,
        `debug job "dropped" ${dropped} attempt 1 started`,
        `error job "dropped" ${dropped} attempt 1 failed: ignored; discarded (skipDead) +stack`,
      ].sort(),
    );
  });

  it('logs no per-job line with logJobs: false', async () => {
    const { lines } = await runAll(false);
    expect(lines).toEqual([]);
  });

  it('builds no debug line while the logger says debug is off, and does once it is on', () => {
    const { logger, lines } = recorder();
    let on = false;
    const listen = jobLogListener({ ...logger, debugEnabled: () => on });
    const job = { name: 'j', id: 'i1', fails: 0 } as never;
    listen({ type: 'started', job });
    listen({ type: 'succeeded', job, durationMs: 3 });
    expect(lines).toEqual([]);
    on = true;
    listen({ type: 'started', job });
    listen({ type: 'succeeded', job, durationMs: 3 });
    expect(lines).toEqual([
      'debug job "j" i1 attempt 1 started',
      'debug job "j" i1 attempt 1 succeeded in 3 ms',
    ]);
  });

  it('rejects a logJobs that is not a boolean, naming the option', () => {
    expect(() => bed.pool({ logJobs: 'yes' as never })).toThrow(
      'WorkerPool option "logJobs" must be a boolean, got "yes"',
    );
  });
});
