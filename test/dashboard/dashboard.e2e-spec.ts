/**
 * The dashboard in a real headless chromium (Debian's, through playwright-core) against an app
 * with WorkModule.forRoot({ admin: { path: 'admin/work', dashboard: true } }) and a running pool:
 * every page shows real data, actions change Redis (asserted on the exact keys) and the page shows
 * it, args/errors render as text, a global prefix works, and `authorize` false refuses.
 */
import { INestApplication, Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type Redis from 'ioredis';
import type { Page } from 'playwright-core';
import { Enqueuer, Job, WorkModule } from 'nestjs-gocraft-work';
import { serializeJob } from 'nestjs-gocraft-work/testing';
import type { WorkModuleExtras, WorkModuleOptions } from 'nestjs-gocraft-work';
import { deleteNamespace, testNamespace, testRedis, testRedisUrl, waitFor } from '../harness/redis';
import { gate } from '../harness/work';
import { launchChromium, type LaunchedBrowser } from './browser';
import { see } from './see';

jest.setTimeout(60_000);

const XSS = '<img src=x onerror=alert(1)>';
const release = { current: gate() };

@Injectable()
class Handlers {
  @Job('wat')
  async wat(job: Job<{ block?: boolean }>): Promise<void> {
    if (job.args.block) {
      job.checkin('halfway there');
      await release.current.promise;
    }
  }

  @Job('later', { priority: 7, maxConcurrency: 2 })
  later(): void {}

  @Job('doomed', { maxFails: 1 })
  doomed(): void {
    throw new Error(XSS);
  }

  @Job('flaky', { maxFails: 5 })
  flaky(): void {
    throw new Error('try again');
  }
}

async function serve(
  ns: string,
  extra: Partial<WorkModuleOptions & WorkModuleExtras> = {},
  prefix?: string,
): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      WorkModule.forRoot({
        namespace: ns,
        redis: testRedisUrl(),
        logger: false,
        pollIntervalMs: 20,
        admin: { path: 'admin/work', dashboard: true },
        ...extra,
      }),
    ],
    providers: [Handlers],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false, forceCloseConnections: true });
  if (prefix) app.setGlobalPrefix(prefix);
  await app.listen(0, '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, base: `${origin}${prefix ? `/${prefix}` : ''}/admin/work` };
}

describe('dashboard in chromium', () => {
  let chromium: LaunchedBrowser;
  let redis: Redis;
  let ns: string;
  let app: INestApplication;
  let base: string;
  let page: Page;
  const alerts: string[] = [];
  const external: string[] = [];
  const key = (suffix: string) => `${ns}:${suffix}`;

  beforeAll(async () => {
    chromium = await launchChromium();
    redis = testRedis();
  });

  afterAll(async () => {
    await chromium?.close();
    await redis?.quit();
  });

  beforeEach(async () => {
    ns = testNamespace('dash');
    release.current = gate();
    ({ app, base } = await serve(ns));
    page = await chromium.context.newPage();
    page.on('dialog', (dialog) => {
      alerts.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(base.slice(0, base.indexOf('/', 8))))
        external.push(request.url());
    });
  });

  afterEach(async () => {
    release.current.open();
    await page?.close();
    await app?.close();
    await deleteNamespace(redis, ns);
    expect(alerts).toEqual([]);
    expect(external).toEqual([]);
  });

  async function open(route: string): Promise<void> {
    await page.goto(`${base}/ui/#/${route}`);
  }

  it('shows real data on every page, and the XSS payload as text', async () => {
    const enqueuer = app.get(Enqueuer);
    await enqueuer.enqueue('wat', { block: true, note: XSS });
    await enqueuer.enqueueIn('wat', 3600, { note: XSS });
    await enqueuer.enqueue('doomed', { note: XSS });
    await waitFor(
      async () =>
        (await redis.zcard(key('dead'))) === 1 && (await redis.exists(key('worker_pools'))) === 1,
      'a dead job and a pool',
    );

    await page.goto(`${base}/ui`);
    await page.waitForURL(/\/admin\/work\/ui\/#\/overview$/);
    await see(page.getByTestId('total-dead')).toHaveText('1');
    expect(await page.getByTestId('total-scheduled').textContent()).toBe('1');
    expect(await page.getByTestId('total-pools').textContent()).toBe('1');
    expect(await page.locator('.chart canvas').count()).toBe(2);
    // From the pool's counters in Redis: the doomed job failed once.
    await see(page.getByTestId('total-failed')).toHaveText('1');

    await open('processes');
    const pool = page.locator('section.pool');
    await pool.getByText('halfway there').waitFor();
    await see(pool.locator('code.args')).toHaveText(`{"block":true,"note":"${XSS}"}`);
    expect(await pool.locator('h2').textContent()).toContain(String(process.pid));

    await open('scheduled');
    await page.locator('tbody tr').first().waitFor();
    await see(page.locator('tbody code.args')).toHaveText(`{"note":"${XSS}"}`);
    expect(await page.getByRole('columnheader', { name: 'Run at' }).count()).toBe(1);

    await open('dead');
    const dead = page.locator('tbody tr');
    await dead.first().waitFor();
    await see(dead.locator('.err')).toHaveText(XSS);
    expect(await dead.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-/);
    // Rendered as text: no element came out of the payload.
    expect(await page.locator('main img').count()).toBe(0);

    // The route survives a reload.
    await page.reload();
    await page.locator('h1', { hasText: 'Dead' }).waitFor();
    await dead.first().waitFor();

    const id = await dead.first().getAttribute('data-job');
    await open(`jobs/${id}`);
    await see(page.getByTestId('job-json')).toContainText(`"err": "${XSS.replace(/</g, '<')}"`);
    expect(await page.locator('main img').count()).toBe(0);
  });

  it('queue actions: empty (typed confirmation), resume and pause change Redis and the page', async () => {
    const client = app.get(Enqueuer);
    await redis.set(key('jobs:later:paused'), '1');
    for (let i = 0; i < 3; i++) await client.enqueue('later', { i });
    await open('queues');
    const later = page.locator('tr[data-queue="later"]');
    await see(later.locator('td').nth(1)).toHaveText('3');
    await see(later.locator('.badge')).toHaveText('paused');
    // Priority and max concurrency as our pool advertises them.
    expect(await later.locator('td').nth(3).textContent()).toBe('7');
    expect(await later.locator('td').nth(4).textContent()).toBe('2');
    expect(await later.locator('td').nth(5).textContent()).toBe('2'); // configured = effective

    await later.getByRole('button', { name: 'Empty…' }).click();
    await page.getByTestId('confirm-input').fill('later');
    await page.getByTestId('confirm').click();
    await see(later.locator('td').nth(1)).toHaveText('0');
    expect(await redis.llen(key('jobs:later'))).toBe(0);

    await later.getByRole('button', { name: 'Resume' }).click();
    await see(later.locator('.badge')).toHaveText('active');
    expect(await redis.exists(key('jobs:later:paused'))).toBe(0);

    await later.getByRole('button', { name: 'Pause' }).press('Enter');
    await see(later.locator('.badge')).toHaveText('paused');
    expect(await redis.exists(key('jobs:later:paused'))).toBe(1);

    // A pool without the setting (Go's, say) starts later: the effective limit is gone, and the
    // limit our pool configured is flagged beside it.
    await redis.set(key('jobs:later:max_concurrency'), '0');
    await open('queues');
    await see(later.locator('td').nth(4)).toHaveText('unlimited');
    await see(later.locator('td').nth(5).locator('.badge-warn')).toHaveText('2');
  });

  it('retry, scheduled and dead actions change the zsets', async () => {
    const enqueuer = app.get(Enqueuer);
    await enqueuer.enqueue('flaky');
    const scheduled = await enqueuer.enqueueIn('wat', 3600, { n: 1 });
    await waitFor(async () => (await redis.zcard(key('retry'))) === 1, 'a retry job');
    const now = Math.floor(Date.now() / 1000);
    const deadJob = (id: string, name: string) =>
      serializeJob({
        name,
        id,
        enqueuedAt: now - 60,
        args: { id },
        fails: 1,
        lastErr: 'ohno',
        failedAt: now - 30,
      });
    await redis.zadd(
      key('dead'),
      now - 30,
      deadJob('a'.repeat(24), 'wat'),
      now - 20,
      deadJob('b'.repeat(24), 'later'),
      now - 10,
      deadJob('c'.repeat(24), 'wat'),
    );

    await open('retry');
    const retryRow = page.locator('tbody tr');
    await see(retryRow.locator('.err')).toHaveText('try again');
    // A single-row delete asks first: cancel keeps the job, confirm deletes it.
    await retryRow.getByRole('button', { name: /^Delete/ }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await redis.zcard(key('retry'))).toBe(1);
    await retryRow.getByRole('button', { name: /^Delete/ }).click();
    await page.getByTestId('confirm').click();
    await page.getByText('No job is waiting to be retried').waitFor();
    expect(await redis.zcard(key('retry'))).toBe(0);

    await open('scheduled');
    await page
      .locator(`tr[data-job="${scheduled.id}"]`)
      .getByRole('button', { name: /^Run now/ })
      .click();
    await page.getByText('No job is scheduled').waitFor();
    expect(await redis.zcard(key('scheduled'))).toBe(0);

    // Bulk actions on the scheduled set: run all now, then delete all, each confirmed.
    await enqueuer.enqueueIn('later', 3600, { n: 2 });
    await enqueuer.enqueueIn('later', 7200, { n: 3 });
    await open('scheduled');
    await see(page.locator('tbody tr')).toHaveCount(2);
    await page.getByRole('button', { name: 'Run all now (2)' }).click();
    await page.getByTestId('confirm').click();
    await page.getByText('No job is scheduled').waitFor();
    await see(page.locator('.flash-ok')).toHaveText('Queued 2 jobs.');
    expect(await redis.zcard(key('scheduled'))).toBe(0);
    await enqueuer.enqueueIn('later', 3600, { n: 4 });
    await open('scheduled');
    await see(page.locator('tbody tr')).toHaveCount(1);
    await page.getByRole('button', { name: 'Delete all (1)' }).click();
    await page.getByTestId('confirm').click();
    await page.getByText('No job is scheduled').waitFor();
    await see(page.locator('.flash-ok')).toHaveText('Deleted 1 job.');
    expect(await redis.zcard(key('scheduled'))).toBe(0);

    // Filter by name, then retry the matching jobs only.
    await open('dead?name=later');
    await see(page.locator('tbody tr')).toHaveCount(1);
    await page.getByRole('button', { name: 'Retry 1 matching' }).click();
    await page.getByTestId('confirm').click();
    await see(page.locator('.flash-ok')).toHaveText('Retried 1 job.');
    await see(page.locator('tbody tr')).toHaveCount(0);
    expect(await redis.zcard(key('dead'))).toBe(2);

    await open('dead');
    await see(page.locator('tbody tr')).toHaveCount(2);
    await page
      .locator(`tr[data-job="${'a'.repeat(24)}"]`)
      .getByRole('button', { name: /^Retry/ })
      .click();
    await see(page.locator('tbody tr')).toHaveCount(1);
    expect(await redis.zcard(key('dead'))).toBe(1);

    // Cancel leaves everything; confirm deletes all.
    await page.getByRole('button', { name: /^Delete all/ }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await redis.zcard(key('dead'))).toBe(1);
    await page.getByRole('button', { name: /^Delete all/ }).click();
    await page.getByTestId('confirm').click();
    await page.getByText('No dead jobs').waitFor();
    expect(await redis.zcard(key('dead'))).toBe(0);
  });
});

describe('dashboard mounting', () => {
  let chromium: LaunchedBrowser;
  let redis: Redis;
  let ns: string;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    chromium = await launchChromium();
    redis = testRedis();
  });
  afterAll(async () => {
    await chromium?.close();
    await redis?.quit();
  });
  beforeEach(() => {
    ns = testNamespace('dash');
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await deleteNamespace(redis, ns);
  });

  it('works under a global prefix, redirecting ui to ui/', async () => {
    const served = await serve(ns, {}, 'ops/v1');
    app = served.app;
    await app.get(Enqueuer).enqueueIn('later', 600);
    const page = await chromium.context.newPage();
    await page.goto(`${served.base}/ui`);
    await page.waitForURL(`${served.base}/ui/#/overview`);
    await see(page.getByTestId('total-scheduled')).toHaveText('1');
    await page
      .getByRole('navigation', { name: 'Pages' })
      .getByRole('link', { name: 'Scheduled' })
      .click();
    await page.locator('tbody tr').first().waitFor();
    await page.close();
  });

  it('is off without dashboard: true, and refuses when authorize says no', async () => {
    const plain = await serve(ns, { admin: { path: 'admin/work' } } as Partial<WorkModuleExtras>);
    expect((await fetch(`${plain.base}/ui/`)).status).toBe(404);
    expect((await fetch(`${plain.base}/queues`)).status).toBe(200);
    await plain.app.close();

    const served = await serve(ns, { authorize: () => false });
    app = served.app;
    for (const path of ['/ui/', '/ui/assets/app.js', '/queues']) {
      const res = await fetch(`${served.base}${path}`);
      expect([path, res.status]).toEqual([path, 403]);
      expect(await res.json()).toEqual({ error: 'not authorized' });
    }
    const page = await chromium.context.newPage();
    const response = await page.goto(`${served.base}/ui/`);
    expect(response?.status()).toBe(403);
    await page.close();
  });

  it('serves the page with a strict content security policy', async () => {
    const served = await serve(ns);
    app = served.app;
    const res = await fetch(`${served.base}/ui/`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${served.base}/ui/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${served.base}/ui/assets/.env`)).status).toBe(404);
  });
});
