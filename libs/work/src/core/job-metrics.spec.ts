import { FixedClock } from './clock';
import { Job } from './job';
import type { JobEvent } from './job-events';
import { JOB_METRICS_TTL_SECONDS, JobMetricsCounter } from './job-metrics';
import { histogramQuantile, readJobMetrics } from './job-metrics-report';
import { Keys } from './keys';
import { WorkTestBed } from '../../../../test/harness/work';

const MINUTE = 1_800_000_000 - (1_800_000_000 % 60);

function outcome(name: string, type: JobEvent['type'], durationMs: number): JobEvent {
  return { type, job: new Job({ name, id: 'x', enqueuedAt: 0, args: null }), durationMs };
}

describe('per-minute job metrics', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('jobmetrics')));
  afterEach(() => bed.close());

  it('adds counts, run time and buckets to one hash per name and minute, with a TTL', async () => {
    const keys = new Keys(bed.namespace);
    const clock = new FixedClock(MINUTE + 10);
    const counter = new JobMetricsCounter(keys, clock);
    for (const ms of [1, 3, 7, 120]) counter.record(outcome('mail', 'succeeded', ms));
    counter.record(outcome('mail', 'started', 0));
    counter.record(outcome('mail', 'timedOut', 500));
    counter.record(outcome('mail', 'dead', 500));
    counter.record(outcome('mail', 'retry', 70_000));
    counter.record(outcome('other', 'succeeded', 2));
    await counter.flush(bed.redis);
    counter.record(outcome('mail', 'succeeded', 9));
    clock.epoch += 30;
    await counter.flush(bed.redis);
    await counter.flush(bed.redis);
    const key = bed.key(`metrics:job:${MINUTE}:mail`);
    expect(await bed.redis.hgetall(key)).toEqual({
      p: '5',
      f: '2',
      ms: String(1 + 3 + 7 + 120 + 500 + 70_000 + 9),
      b0: '2',
      b1: '2',
      b5: '1',
      b6: '1',
      b13: '1',
    });
    expect(await bed.redis.ttl(key)).toBeGreaterThan(JOB_METRICS_TTL_SECONDS - 5);
    expect(await bed.redis.hgetall(bed.key(`metrics:job:${MINUTE}:other`))).toEqual({
      p: '1',
      ms: '2',
      b0: '1',
    });

    const report = await readJobMetrics(keys, bed.redis, MINUTE + 70, 3, ['mail', 'other']);
    expect(report.minutes).toEqual([MINUTE - 60, MINUTE, MINUTE + 60]);
    const mail = report.jobs[0];
    expect(mail.job).toBe('mail');
    expect([mail.processed, mail.failed]).toEqual([
      [0, 5, 0],
      [0, 2, 0],
    ]);
    expect(mail.mean_ms).toEqual([null, Math.round(70_640 / 7), null]);
    expect(mail.total).toEqual({
      processed: 5,
      failed: 2,
      mean_ms: Math.round(70_640 / 7),
      p50: 9,
      p95: 60_000,
      p99: 60_000,
    });
    expect(mail.percentiles[0]).toEqual({ p50: null, p95: null, p99: null });
  });

  it('estimates quantiles inside the bucket they fall in', () => {
    // 10 runs in (0, 5], 10 in (5, 10]: the median is the top of the first bucket.
    expect(histogramQuantile([10, 10], 0.5)).toBe(5);
    expect(histogramQuantile([10, 10], 0.75)).toBe(8);
    expect(histogramQuantile([0, 0, 4], 0.25)).toBe(14);
    expect(histogramQuantile([], 0.5)).toBeNull();
  });

  it('is written by a pool from its job events, and by the admin client read back', async () => {
    const pool = bed.pool({ observeIntervalMs: 50 });
    pool.job('a', () => undefined);
    pool.job('b', () => Promise.reject(new Error('no')), { maxFails: 1 });
    const enqueuer = bed.enqueuer();
    for (let i = 0; i < 3; i++) await enqueuer.enqueue('a', null);
    await enqueuer.enqueue('b', null);
    await pool.start();
    await pool.drain();
    await pool.stop();
    const { Client } = await import('./client');
    const client = new Client({ namespace: bed.namespace, redis: bed.redis });
    const report = await client.jobMetrics(2);
    const totals = Object.fromEntries(
      report.jobs.map((j) => [j.job, [j.total.processed, j.total.failed]]),
    );
    expect(totals).toEqual({ a: [3, 0], b: [0, 1] });
    await expect(client.jobMetrics(0)).rejects.toThrow(/minutes must be an integer from 1 to 1440/);
    const many = Array.from({ length: 51 }, (_, i) => `name${i}`);
    await bed.redis.sadd(bed.key('known_jobs'), ...many);
    await expect(client.jobMetrics(1440)).rejects.toThrow(
      'metrics of 53 job names over 1440 minutes is more than 72000 minute buckets in one read; choose a job or a shorter window',
    );
    expect((await client.jobMetrics(1440, 'a')).jobs).toHaveLength(1);
  });

  it('is off with jobMetrics: false', async () => {
    const pool = bed.pool({ jobMetrics: false });
    pool.job('a', () => undefined);
    await bed.enqueuer().enqueue('a', null);
    await pool.start();
    await pool.drain();
    await pool.stop();
    expect(await bed.redis.keys(bed.key('metrics:*'))).toEqual([]);
  });
});
