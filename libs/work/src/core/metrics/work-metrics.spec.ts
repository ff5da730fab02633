import { Registry } from 'prom-client';
import { WorkConfigError } from '../errors';
import { requirePeer } from '../optional-peer';
import { parseExposition } from '../../../../../test/harness/prometheus';
import { waitFor } from '../../../../../test/harness/redis';
import { WorkTestBed } from '../../../../../test/harness/work';
import { WorkMetrics } from './work-metrics';

describe('WorkMetrics', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('metrics')));
  afterEach(() => bed.close());

  it("registers on the caller's registry with its prefix, next to the app's own series", async () => {
    const registry = new Registry();
    const pool = bed.pool({ concurrency: 3 });
    pool.job('a', () => undefined);
    const metrics = new WorkMetrics({ registry, prefix: 'app_jobs_', pool });
    expect(metrics.registry).toBe(registry);
    await bed.enqueuer().enqueue('a', null);
    await pool.start();
    await pool.drain();
    const samples = parseExposition(await registry.metrics());
    expect(samples.get('app_jobs_jobs_processed_total{job="a"}')).toBe(1);
    expect(samples.get('app_jobs_workers')).toBe(3);
    expect([...samples.keys()].some((k) => k.startsWith('work_'))).toBe(false);
    metrics.close();
  });

  it('reports the cluster series from every process when the lease is off', async () => {
    const cluster = { namespace: bed.namespace, redis: bed.redis, leaseMs: false as const };
    const [a, b] = [new WorkMetrics({ cluster }), new WorkMetrics({ cluster })];
    await bed.redis.zadd(bed.key('dead'), 1, '{}');
    for (const m of [a, b])
      expect(
        parseExposition(await m.text()).get(`work_dead_jobs{namespace="${bed.namespace}"}`),
      ).toBe(1);
    expect(await bed.redis.exists(bed.key('metrics:reporter'))).toBe(0);
  });

  it('hands the cluster series to another process once the reporter stops renewing its lease', async () => {
    const cluster = { namespace: bed.namespace, redis: bed.redis, leaseMs: 300, cacheMs: 1 };
    const [a, b] = [new WorkMetrics({ cluster }), new WorkMetrics({ cluster })];
    const dead = `work_dead_jobs{namespace="${bed.namespace}"}`;
    const reports = async (m: WorkMetrics) => parseExposition(await m.text()).has(dead);
    expect(await reports(a)).toBe(true);
    expect(await reports(b)).toBe(false);
    // a is no longer scraped: its lease runs out and b takes over.
    await waitFor(() => reports(b), 'b reporting after the lease expired', 3000);
    expect(await reports(a)).toBe(false);
  });

  it('fails at start-up on a bad prefix, and names a missing peer dependency', () => {
    expect(() => new WorkMetrics({ prefix: 'bad prefix' })).toThrow(
      /metrics prefix must be a Prometheus name prefix/,
    );
    expect(() => requirePeer('no-such-package-for-work-tests', 'Prometheus metrics')).toThrow(
      new WorkConfigError(
        'Prometheus metrics needs the optional dependency "no-such-package-for-work-tests": npm install no-such-package-for-work-tests',
      ),
    );
  });
});
