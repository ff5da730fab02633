import { ByKeyHazardWatch, byKeyHazardMessage } from './by-key-hazard';
import { FixedClock } from './clock';
import { Keys } from './keys';
import type { WorkLogger } from './logger';
import { waitFor } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';

describe('warning when a Go pool serves a name enqueued by key', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('bykey')));
  afterEach(() => bed.close());

  const GO_POOL = 'beef0000beef0000beef0000';
  /** A heartbeat as a gocraft v0.5.1 pool writes it (no pool_settings entry). */
  async function goPoolServing(names: string): Promise<void> {
    await bed.redis.sadd(bed.key('worker_pools'), GO_POOL);
    await bed.redis.hset(bed.key(`worker_pools:${GO_POOL}`), {
      heartbeat_at: String(Math.floor(Date.now() / 1000)),
      started_at: '1',
      job_names: names,
      concurrency: '10',
      worker_ids: 'w1',
      host: 'go-box',
      pid: '77',
    });
  }
  function recorder(): { logger: WorkLogger; warnings: string[] } {
    const warnings: string[] = [];
    return {
      warnings,
      logger: { log: () => {}, error: () => {}, warn: (m) => void warnings.push(m) },
    };
  }

  it('enqueueUniqueByKey warns once, naming the job and the Go pool', async () => {
    await goPoolServing('mail,report');
    const { logger, warnings } = recorder();
    const enqueuer = bed.enqueuer({ logger });
    expect(await enqueuer.enqueueUniqueByKey('mail', { to: 'a' }, { to: 'a' })).not.toBeNull();
    await waitFor(async () => warnings.length === 1, 'the warning');
    expect(warnings[0]).toBe(
      byKeyHazardMessage('mail', [{ poolId: GO_POOL, host: 'go-box', pid: '77' }]),
    );
    expect(warnings[0]).toContain('deletes the args-based unique key');
    await enqueuer.enqueueUniqueInByKey('mail', 60, { to: 'b' }, { to: 'b' });
    await enqueuer.enqueueUniqueByKey('report', null, { day: 1 });
    await waitFor(async () => warnings.length === 2, 'the warning for report');
    expect(warnings.map((w) => w.slice(0, 14))).toEqual(['job "mail" is ', 'job "report" i']);
  });

  it('says nothing when only pools of ours serve the name, or a Go pool serves other names', async () => {
    const ours = bed.pool();
    ours.job('mail', () => undefined);
    await ours.start();
    await goPoolServing('audit');
    const { logger, warnings } = recorder();
    const watch = new ByKeyHazardWatch(
      bed.redis,
      new Keys(bed.namespace),
      new FixedClock(1000),
      logger,
    );
    expect(await watch.look('mail')).toBe(false);
    expect(await watch.look('audit')).toBe(true);
    expect(warnings).toHaveLength(1);
  });
});
