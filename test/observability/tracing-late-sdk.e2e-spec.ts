/**
 * Without an SDK a pool skips the consumer span of jobs that carry no trace context, looking
 * again for an SDK at most a second later (UNTRACED_RECHECK_MS). An SDK registered while the pool
 * runs is therefore picked up: jobs enqueued after it get their consumer span.
 */
import { waitFor } from '../harness/redis';
import { installTracing } from '../harness/tracing';
import { WorkTestBed } from '../harness/work';

describe('tracing picks up an SDK registered after the pool started', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('latesdk')));
  afterEach(() => bed.close());

  it('runs untraced jobs without spans, then traces once an SDK is registered', async () => {
    const pool = bed.pool({ pollIntervalMs: 20 });
    let ran = 0;
    pool.job('late', () => void ran++);
    await pool.start();
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueue('late', { before: true });
    await waitFor(() => ran === 1, 'the job enqueued before any SDK');

    const exporter = installTracing();
    const registeredAt = Date.now();
    // Jobs as a Go producer writes them (no trace context), one every 50 ms: those fetched
    // within a second of the last check run untraced; a later one must get its consumer span.
    let pushed = 0;
    const traced = () =>
      exporter
        .getFinishedSpans()
        .filter((s) => s.name === 'process late')
        .map((s) => s.attributes);
    await waitFor(
      async () => {
        if (traced().length > 0) return true;
        await bed.redis.lpush(
          bed.key('jobs:late'),
          `{"name":"late","id":"go${++pushed}","t":1700000000,"args":null}`,
        );
        await new Promise((r) => setTimeout(r, 50));
        return false;
      },
      'a consumer span for a context-less job',
      5000,
    );
    expect(Date.now() - registeredAt).toBeLessThan(5000);
    expect(traced()[0]['messaging.message.id']).toMatch(/^go\d+$/);
  });
});
