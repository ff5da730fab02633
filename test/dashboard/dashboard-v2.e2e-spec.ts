/**
 * Dashboard v2 in Debian's chromium: filtered bulk actions touch only the matching jobs, row
 * selection, newest-first ordering with its toggle, readable arguments, read-only mode, the Redis
 * page, no page wider than a phone's viewport, no serious or critical axe-core violation (light
 * and dark), and the mounted dashboard under the Express and the Fastify adapters.
 */
import { readFileSync } from 'node:fs';
import { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type Redis from 'ioredis';
import type { Page } from 'playwright-core';
import { WorkModule } from 'nestjs-gocraft-work';
import { serializeJob } from 'nestjs-gocraft-work/testing';
import type { WorkModuleExtras } from 'nestjs-gocraft-work';
import { deleteNamespace, testNamespace, testRedis, testRedisUrl } from '../harness/redis';
import { launchChromium, type LaunchedBrowser } from './browser';
import { see } from './see';

jest.setTimeout(120_000);

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = [
  'overview',
  'queues',
  'processes',
  'retry',
  'scheduled',
  'dead',
  'metrics',
  'periodic',
  'redis',
];

async function serve(
  ns: string,
  options: { readOnly?: boolean; fastify?: boolean } = {},
): Promise<{ app: INestApplication; base: string }> {
  const admin: WorkModuleExtras['admin'] = {
    path: 'admin/work',
    dashboard: true,
    readOnly: options.readOnly,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      WorkModule.forRoot({
        namespace: ns,
        redis: testRedisUrl(),
        logger: false,
        runPool: false,
        admin,
      }),
    ],
  }).compile();
  const app = options.fastify
    ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
    : moduleRef.createNestApplication({ logger: false, forceCloseConnections: true });
  await app.listen(0, '127.0.0.1');
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, base: `${origin}/admin/work` };
}

describe('dashboard v2 in chromium', () => {
  let chromium: LaunchedBrowser;
  let redis: Redis;
  let ns: string;
  let app: INestApplication | undefined;
  let base: string;
  let page: Page;
  const key = (suffix: string) => `${ns}:${suffix}`;
  const now = Math.floor(Date.now() / 1000);

  /** Dead jobs: i = 0..n-1, names alternate mail/sms, error "boom" or "timeout" every 3rd. */
  async function fillDead(n: number): Promise<void> {
    await redis.sadd(key('known_jobs'), 'mail', 'sms');
    for (let i = 0; i < n; i++) {
      const member = serializeJob({
        name: i % 2 ? 'sms' : 'mail',
        id: `job${String(i).padStart(3, '0')}`,
        enqueuedAt: now - 3600,
        args: { user: i, body: 'x'.repeat(i === 4 ? 300 : 5) },
        fails: 3,
        lastErr: i % 3 === 0 ? 'timeout talking to smtp' : 'boom',
        failedAt: now - 1000 + i,
      });
      await redis.zadd(key('dead'), now - 1000 + i, member);
    }
  }

  beforeAll(async () => {
    chromium = await launchChromium();
    redis = testRedis();
  });
  afterAll(async () => {
    await chromium?.close();
    await redis?.quit();
  });
  beforeEach(async () => {
    ns = testNamespace('dash2');
    page = await chromium.context.newPage();
  });
  afterEach(async () => {
    await page?.close();
    await app?.close();
    app = undefined;
    await deleteNamespace(redis, ns);
  });

  const open = (route: string) => page.goto(`${base}/ui/#/${route}`);

  it('filtered bulk actions touch only the matching jobs, with the count on the button', async () => {
    await fillDead(30);
    ({ app, base } = await serve(ns));
    // 30 dead: 15 sms, of which i = 3, 9, 15, 21, 27 failed with "timeout".
    await open('dead?name=sms&q=timeout');
    await see(page.getByTestId('match-count')).toHaveText('5 of 30 dead jobs match.');
    await see(page.locator('tbody tr')).toHaveCount(5);
    await page.getByRole('button', { name: 'Retry 5 matching' }).click();
    await see(page.locator('dialog p')).toContainText(
      'Only the dead jobs that match name sms and “timeout”',
    );
    await page.getByTestId('confirm').click();
    await see(page.locator('.flash-ok')).toHaveText('Retried 5 jobs.');
    expect(
      (await redis.lrange(key('jobs:sms'), 0, -1)).map((m) => JSON.parse(m).id).sort(),
    ).toEqual(['job003', 'job009', 'job015', 'job021', 'job027']);
    expect(await redis.llen(key('jobs:mail'))).toBe(0);
    expect(await redis.zcard(key('dead'))).toBe(25);

    await open('dead?q=timeout');
    await see(page.getByTestId('match-count')).toHaveText('5 of 25 dead jobs match.');
    await page.getByRole('button', { name: 'Delete 5 matching' }).click();
    await page.getByTestId('confirm').click();
    await see(page.locator('.flash-ok')).toHaveText('Deleted 5 matching jobs.');
    const left = await redis.zrange(key('dead'), 0, -1);
    expect(left).toHaveLength(20);
    expect(left.every((m) => JSON.parse(m).err === 'boom')).toBe(true);
  });

  it('selects rows to retry or delete, lists newest first, toggles the order, expands args', async () => {
    await fillDead(25);
    ({ app, base } = await serve(ns));
    await open('dead');
    const rows = page.locator('tbody tr');
    await see(rows).toHaveCount(20);
    expect(await rows.first().getAttribute('data-job')).toBe('job024');

    await page.getByRole('checkbox', { name: 'Select mail job024' }).check();
    await page.getByRole('checkbox', { name: 'Select sms job023' }).check();
    await see(page.getByTestId('selected-count')).toHaveText('2 selected');
    await page.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByTestId('confirm').click();
    await see(page.locator('.flash-ok')).toHaveText('Deleted 2 of 2 selected jobs.');
    expect(await redis.zcard(key('dead'))).toBe(23);
    await see(rows.first()).toHaveAttribute('data-job', 'job022');

    await page.getByRole('checkbox', { name: 'Select every job on this page' }).check();
    await see(page.getByTestId('selected-count')).toHaveText('20 selected');
    await page.getByRole('button', { name: 'Retry selected' }).click();
    await page.getByTestId('confirm').click();
    await see(page.locator('.flash-ok')).toHaveText('Retried 20 of 20 selected jobs.');
    expect(await redis.zcard(key('dead'))).toBe(3);
    expect((await redis.zrange(key('dead'), 0, -1)).map((m) => JSON.parse(m).id)).toEqual([
      'job000',
      'job001',
      'job002',
    ]);

    await page.getByTestId('sort').click();
    await see(rows.first()).toHaveAttribute('data-job', 'job000');
    await page.getByTestId('sort').click();
    await see(rows.first()).toHaveAttribute('data-job', 'job002');

    // Arguments stay on one line until expanded, then show indented JSON.
    await redis.zadd(
      key('dead'),
      now,
      serializeJob({
        name: 'mail',
        id: 'long',
        enqueuedAt: now,
        args: { a: 1, b: 'y'.repeat(200) },
      }),
    );
    await page.reload();
    const args = page.locator('tr[data-job="long"] code.args');
    await see(args).toHaveText(`{"a":1,"b":"${'y'.repeat(200)}"}`);
    const box = await args.boundingBox();
    expect(box!.height).toBeLessThan(24);
    await page
      .locator('tr[data-job="long"]')
      .getByRole('button', { name: 'Expand arguments' })
      .click();
    await see(args).toContainText('{\n  "a": 1,\n  "b": "yyy');
  });

  it('read-only: no actions in the page, every mutation refused by the server', async () => {
    await fillDead(3);
    ({ app, base } = await serve(ns, { readOnly: true }));
    await open('dead');
    await see(page.locator('tbody tr')).toHaveCount(3);
    await see(page.locator('.mode')).toHaveText('read-only');
    // Filtering and expanding stay; no button changes anything.
    const buttons = await page.locator('main button').allTextContents();
    expect(buttons.filter((b) => !['Filter', 'Expand'].includes(b))).toEqual([]);
    expect(await page.locator('main input[type=checkbox]').count()).toBe(0);
    const status = await page.evaluate(
      async () => (await fetch('../delete_all_dead_jobs', { method: 'POST' })).status,
    );
    expect(status).toBe(403);
    expect(await redis.zcard(key('dead'))).toBe(3);
  });

  it('shows Redis facts, serves a favicon, and stops refreshing a job found nowhere', async () => {
    ({ app, base } = await serve(ns));
    await open('redis');
    await see(page.getByTestId('redis-facts')).toContainText('Eviction policy');
    expect((await fetch(`${base}/ui/assets/favicon.svg`)).headers.get('content-type')).toBe(
      'image/svg+xml',
    );
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe('assets/favicon.svg');

    const lookups: string[] = [];
    page.on('request', (r) => r.url().includes('/jobs/') && lookups.push(r.url()));
    await open('jobs/nowhere');
    await page.getByText('This page stopped refreshing').waitFor();
    await page.waitForTimeout(3500);
    expect(lookups).toHaveLength(1);
  });

  it('no page is wider than a phone (360 and 414 px), and axe finds nothing serious', async () => {
    await fillDead(25);
    await redis.zadd(
      key('dead'),
      now,
      serializeJob({
        name: 'a_rather_long_job_name_that_could_overflow_on_phones',
        id: 'z'.repeat(40),
        enqueuedAt: now,
        args: { k: 'v'.repeat(300) },
        fails: 1,
        lastErr: 'e'.repeat(400),
        failedAt: now,
      }),
    );
    await redis.sadd(key('known_jobs'), 'a_rather_long_job_name_that_could_overflow_on_phones');
    await redis.zadd(
      key('scheduled'),
      now + 60,
      serializeJob({ name: 'mail', id: 's1', enqueuedAt: now, args: { to: 'a@example.com' } }),
    );
    ({ app, base } = await serve(ns));
    const dead = await redis.zrange(key('dead'), -1, -1, 'WITHSCORES');
    const routes = [...PAGES, `jobs/${'z'.repeat(40)}?set=dead&score=${dead[1]}`];
    for (const width of [360, 414]) {
      await page.setViewportSize({ width, height: 800 });
      for (const route of routes) {
        await open(route);
        await page.locator('main:not([aria-busy])').waitFor();
        const wide = await page.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          // Named in a failure: the elements that stick out.
          over: Array.from(document.querySelectorAll('body *'))
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(0, 5)
            .map(
              (e) =>
                `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent ?? '').slice(0, 40)}`,
            ),
        }));
        expect([width, route, wide.page, wide.over]).toEqual([width, route, wide.viewport, []]);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const route of routes) {
        await open(route);
        await page.locator('main:not([aria-busy])').waitFor();
        await page.evaluate(AXE);
        const { violations, passes } = await page.evaluate(async () => {
          type AxeResult = {
            passes: unknown[];
            violations: Array<{ id: string; impact: string; nodes: unknown[] }>;
          };
          const axe = (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe;
          const result = await axe.run();
          return {
            passes: result.passes.length,
            violations: result.violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => `${v.id} (${v.nodes.length})`),
          };
        });
        // axe ran its rules (color contrast among them) on this page.
        expect(passes).toBeGreaterThan(10);
        expect([scheme, route, violations]).toEqual([scheme, route, []]);
      }
    }
  });

  it('keyboard: Space selects, Enter acts, Escape cancels; chart legends name their series', async () => {
    await fillDead(3);
    ({ app, base } = await serve(ns));
    await open('overview');
    await see(page.locator('.u-legend').first()).toContainText('succeeded');
    expect(await page.locator('.u-legend').first().textContent()).not.toContain('--');

    await open('dead');
    await see(page.locator('tbody tr')).toHaveCount(3);
    const box = page.getByRole('checkbox', { name: 'Select mail job002' });
    await box.focus();
    await page.keyboard.press('Space');
    await see(page.getByTestId('selected-count')).toHaveText('1 selected');
    // Enter on the bulk bar's button opens the dialog, Escape cancels it.
    await page.getByRole('button', { name: 'Delete selected' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('dialog').waitFor({ state: 'detached' });
    expect(await redis.zcard(key('dead'))).toBe(3);
    await page.getByRole('button', { name: 'Delete selected' }).press('Enter');
    // The confirm button has the focus in the dialog.
    await page.keyboard.press('Enter');
    await see(page.locator('.flash-ok')).toHaveText('Deleted 1 of 1 selected job.');
    expect(await redis.zcard(key('dead'))).toBe(2);
  });

  it('is served under the Fastify adapter too', async () => {
    await fillDead(2);
    ({ app, base } = await serve(ns, { fastify: true }));
    // Fastify serves the page at ui (its URLs adapted to that place) and at ui/, as built.
    await page.goto(`${base}/ui`);
    await page.waitForURL(`${base}/ui#/overview`);
    await see(page.getByTestId('total-dead')).toHaveText('2');
    expect((await fetch(`${base}/ui/assets/favicon.svg`)).status).toBe(200);
    await page.goto(`${base}/ui/#/dead`);
    await see(page.locator('tbody tr')).toHaveCount(2);
    await page
      .locator('tbody tr')
      .first()
      .getByRole('button', { name: /^Retry/ })
      .click();
    await see(page.locator('tbody tr')).toHaveCount(1);
    expect(await redis.llen(key('jobs:sms'))).toBe(1);
  });
});
