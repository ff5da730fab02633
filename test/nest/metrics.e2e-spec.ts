/**
 * The demo's real GET /metrics after running jobs: per-process counters and histograms equal the
 * jobs run, the cluster-wide gauges equal what Redis holds, and a second replica of the demo on
 * the same namespace does not publish a second copy of the cluster-wide series.
 */
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { AppModule } from '../../apps/demo/src/app.module';
import { DemoJobs } from '../../apps/demo/src/jobs/jobs.service';
import { parseExposition, seriesOf } from '../harness/prometheus';
import { deleteNamespace, testNamespace, testRedisUrl, waitFor } from '../harness/redis';

jest.setTimeout(30_000);

async function bootDemo(): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

async function scrape(base: string): Promise<Map<string, number>> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return parseExposition(await res.text());
}

describe('demo GET /metrics (e2e)', () => {
  let first: { app: INestApplication; base: string };
  let second: { app: INestApplication; base: string } | null = null;
  let redis: Redis;
  let ns: string;
  const key = (suffix: string) => `${ns}:${suffix}`;

  beforeAll(async () => {
    ns = testNamespace('metrics');
    process.env.REDIS_URL = testRedisUrl();
    process.env.WORK_NAMESPACE = ns;
    redis = new Redis(testRedisUrl());
    first = await bootDemo();
  });

  afterAll(async () => {
    await second?.app.close();
    await first.app.close();
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${first.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('counts the jobs this process ran and shows the queues as Redis holds them', async () => {
    await redis.set(key('jobs:export:paused'), '1');
    for (let i = 0; i < 5; i++)
      expect(
        (await post('/emails', { address: `u${i}@b.c`, subject: 's', customer_id: 1 })).status,
      ).toBe(202);
    expect(
      (await post('/emails', { address: 'x@fail.example', subject: 's', customer_id: 1 })).status,
    ).toBe(202);
    expect((await post('/exports', { customer_id: 1, rows: 1 })).status).toBe(202);
    expect((await post('/exports', { customer_id: 2, rows: 1 })).status).toBe(202);
    const ran = () => first.app.get(DemoJobs).log.filter((l) => l.startsWith('send_email'));
    await waitFor(
      async () => ran().length === 5 && (await redis.zcard(key('retry'))) === 1,
      'five emails sent and one in retry',
    );

    const samples = await scrape(first.base);
    const job = '{job="send_email"}';
    expect(seriesOf(samples, 'work_jobs_processed_total')).toEqual({ [job]: 5 });
    expect(seriesOf(samples, 'work_jobs_failed_total')).toEqual({ [job]: 1 });
    expect(seriesOf(samples, 'work_job_duration_seconds_count')).toEqual({ [job]: 6 });
    expect(seriesOf(samples, 'work_job_wait_seconds_count')).toEqual({ [job]: 6 });
    expect(samples.get('work_job_duration_seconds_bucket{le="+Inf",job="send_email"}')).toBe(6);
    expect(samples.get('work_workers')).toBe(10);
    expect(samples.get('work_busy_workers')).toBe(0);

    const of = (job: string) => `{namespace="${ns}",job="${job}"}`;
    expect(seriesOf(samples, 'work_queue_size')).toEqual({
      [of('calculate_caches')]: 0,
      [of('export')]: await redis.llen(key('jobs:export')),
      [of('send_email')]: 0,
    });
    expect(samples.get(`work_queue_size${of('export')}`)).toBe(2);
    expect(seriesOf(samples, 'work_queue_paused')).toEqual({
      [of('calculate_caches')]: 0,
      [of('export')]: 1,
      [of('send_email')]: 0,
    });
    expect(samples.get(`work_queue_locks${of('send_email')}`)).toBe(0);
    const total = (name: string) => samples.get(`work_${name}{namespace="${ns}"}`);
    expect(total('retry_jobs')).toBe(1);
    expect(total('dead_jobs')).toBe(0);
    expect(total('scheduled_jobs')).toBe(await redis.zcard(key('scheduled')));
    expect(total('worker_pools')).toBe(1);
  });

  it('publishes the cluster-wide series from one replica only', async () => {
    second = await bootDemo();
    const [a, b] = await Promise.all([scrape(first.base), scrape(second.base)]);
    const clusterSeries = (s: Map<string, number>) =>
      [...s.keys()].filter((k) =>
        /^work_(queue_\w+|retry_jobs|scheduled_jobs|dead_jobs|worker_pools)\b/.test(k),
      );
    expect(clusterSeries(a)).toHaveLength(3 * 4 + 4);
    expect(clusterSeries(b)).toEqual([]);
    // Both replicas publish their own per-process series.
    expect(a.get('work_workers')).toBe(10);
    expect(b.get('work_workers')).toBe(10);
    // The reporter is the first replica as long as it keeps scraping within its lease.
    const again = await scrape(second.base);
    expect(clusterSeries(again)).toEqual([]);
  });
});
