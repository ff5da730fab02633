/**
 * The dashboard's Metrics page in Debian's chromium: after real runs, the per-job table shows the
 * runs, failures and failure rate the pool wrote to Redis, the charts draw, the job filter and
 * the window live in the URL, and the Queues page links each job to its metrics.
 */
import { INestApplication, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type Redis from 'ioredis';
import type { Page } from 'playwright-core';
import { Client, Enqueuer, Job, WorkModule } from 'nestjs-gocraft-work';
import { deleteNamespace, testNamespace, testRedis, testRedisUrl, waitFor } from '../harness/redis';
import { launchChromium, type LaunchedBrowser } from './browser';

jest.setTimeout(60_000);

@Injectable()
class Handlers {
  @Job('resize')
  resize(): void {}

  @Job('charge', { maxFails: 1 })
  charge(): void {
    throw new Error('card declined');
  }
}

describe('Metrics page in chromium', () => {
  let chromium: LaunchedBrowser;
  let redis: Redis;
  let app: INestApplication;
  let base: string;
  let page: Page;
  const ns = testNamespace('metricspage');

  beforeAll(async () => {
    chromium = await launchChromium();
    redis = testRedis();
    const moduleRef = await Test.createTestingModule({
      imports: [
        WorkModule.forRoot({
          namespace: ns,
          redis: testRedisUrl(),
          logger: false,
          pollIntervalMs: 20,
          observeIntervalMs: 100,
          admin: { path: 'admin/work', dashboard: true },
        }),
      ],
      providers: [Handlers],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false, forceCloseConnections: true });
    await app.listen(0, '127.0.0.1');
    base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/admin/work`;
    page = await chromium.context.newPage();
  });

  afterAll(async () => {
    await page?.close();
    await app?.close();
    await chromium?.close();
    await deleteNamespace(redis, ns);
    await redis?.quit();
  });

  it('shows runs, failures and percentiles per job, filters by job, and is linked from Queues', async () => {
    const enqueuer = app.get(Enqueuer);
    for (let i = 0; i < 3; i++) await enqueuer.enqueue('resize', { i });
    for (let i = 0; i < 2; i++) await enqueuer.enqueue('charge', { i });
    const client = app.get(Client);
    await waitFor(async () => {
      const report = await client.jobMetrics(5);
      const runs = report.jobs.reduce((n, j) => n + j.total.processed + j.total.failed, 0);
      return runs === 5;
    }, 'five runs in the per-minute metrics');

    await page.goto(`${base}/ui/#/metrics`);
    const resize = page.locator('tr[data-job="resize"] td');
    const charge = page.locator('tr[data-job="charge"] td');
    await resize.first().waitFor();
    expect(await resize.allTextContents()).toEqual([
      'resize',
      '3',
      '0',
      '0.0 %',
      expect.stringMatching(/ ms$/),
      expect.stringMatching(/ ms$/),
      expect.stringMatching(/ ms$/),
      expect.stringMatching(/ ms$/),
    ]);
    expect((await charge.allTextContents()).slice(0, 4)).toEqual(['charge', '2', '2', '100.0 %']);
    // Jobs per minute and failure rate; run-time percentiles need one job chosen.
    expect(await page.locator('.chart canvas').count()).toBe(2);
    expect(await page.getByText('Run time p50 / p95 / p99').isVisible()).toBe(false);

    await page.getByTestId('metrics-job').selectOption('charge');
    await page.waitForURL(/#\/metrics\?job=charge$/);
    await page.locator('tr[data-job="charge"]').waitFor();
    expect(await page.locator('.table-wrap tbody tr').count()).toBe(1);
    expect(await page.getByText('Run time p50 / p95 / p99').isVisible()).toBe(true);
    expect(await page.locator('.chart canvas').count()).toBe(3);

    await page.getByTestId('metrics-window').selectOption('180');
    await page.waitForURL(/#\/metrics\?job=charge&minutes=180$/);
    await page.locator('tr[data-job="charge"]').waitFor();

    await page.goto(`${base}/ui/#/queues`);
    await page.locator('tr[data-queue="resize"]').getByRole('link', { name: 'Metrics' }).click();
    await page.waitForURL(/#\/metrics\?job=resize$/);
    await page.locator('tr[data-job="resize"]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Metrics');
  });

  it('answers 400 with a JSON error for a bad window', async () => {
    const res = await fetch(`${base}/metrics/jobs?minutes=abc`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/minutes must be an integer/);
  });
});
