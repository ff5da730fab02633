import { Acknowledger } from './acknowledger';
import { systemClock } from './clock';
import { Fetcher } from './fetcher';
import { makeIdentifier } from './identifier';
import { JobEventHub } from './job-events';
import { resolveJobOptions } from './job-options';
import { makeJobType } from './job-types';
import { Keys } from './keys';
import { silentLogger } from './logger';
import { defineScripts } from './lua';
import { Observer } from './observer';
import { TimerWheel } from './timer-wheel';
import { WorkTestBed } from '../../../../test/harness/work';

/** Turns of the event loop: what a queued fetch would need to start. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('Fetcher', () => {
  let bed: WorkTestBed;
  const opened: Array<Fetcher<Record<string, unknown>>> = [];
  beforeEach(() => (bed = new WorkTestBed('fetcher')));
  afterEach(async () => {
    for (const loop of opened.splice(0)) {
      await loop.stop();
      await loop.close();
    }
    await bed.close();
  });

  function fetcher(ran: string[]) {
    const { redis } = bed;
    defineScripts(redis);
    const keys = new Keys(bed.namespace);
    const poolId = makeIdentifier();
    const type = makeJobType(
      keys,
      poolId,
      'f',
      (job) => void ran.push(job.argString('who')),
      resolveJobOptions('f'),
    );
    const acker = new Acknowledger(redis, poolId, keys.retry, keys.dead, silentLogger);
    const loop = new Fetcher<Record<string, unknown>>({
      redis,
      keys,
      poolId,
      types: [type],
      slots: 2,
      pollIntervalMs: 20,
      observer: new Observer(keys, redis, systemClock, ['w1', 'w2']),
      acker,
      clock: systemClock,
      logger: silentLogger,
      wheel: new TimerWheel(),
      middleware: [],
      newContext: () => ({}),
      stats: { processed: 0, failed: 0 },
      events: new JobEventHub(silentLogger),
      keyspaceWake: 'off',
      tracer: null,
    });
    opened.push(loop);
    return loop;
  }

  it('fetches nothing before begin(), serves a drain() asked earlier, and stops for good', async () => {
    await bed.enqueuer().enqueue('f', { who: 'ann' });
    const ran: string[] = [];
    const loop = fetcher(ran);
    expect(loop.status).toBe('created');
    const drained = loop.drain();
    await turns(5);
    expect(loop.status).toBe('created');
    expect(await bed.redis.llen(bed.key('jobs:f'))).toBe(1);

    loop.begin();
    expect(loop.status).toBe('idle');
    await drained;
    expect(ran).toEqual(['ann']);
    expect(loop.status).toBe('idle');
    expect(loop.activeJobs).toBe(0);

    await loop.stop();
    expect(loop.status).toBe('stopped');
    loop.begin();
    expect(loop.status).toBe('stopped');
    expect(await loop.reconcileInProgress()).toBeNull();
  });
});
