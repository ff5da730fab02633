/**
 * The standalone dashboard (UI at `<base>/`, API at `<base>/api`) against a Redis that goes away:
 * the API answers 503 within its bound, the page shows the banner over greyed data, and both
 * recover by themselves when Redis is back. Also: the start-up check says plainly when Redis
 * cannot be reached, and keeps trying.
 */
import Redis from 'ioredis';
import { serveDashboard, type ServedDashboard } from 'nestjs-gocraft-work';
import {
  freePort,
  serializeJob,
  startPrivateRedis,
  type PrivateRedis,
} from 'nestjs-gocraft-work/testing';
import { waitFor } from '../harness/redis';
import { launchChromium, type LaunchedBrowser } from './browser';
import { see } from './see';

jest.setTimeout(90_000);

describe('standalone dashboard when Redis goes away', () => {
  let chromium: LaunchedBrowser;
  let server: PrivateRedis | undefined;
  let served: ServedDashboard | undefined;

  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await served?.close();
    await server?.stop();
    await chromium?.close();
  });

  it('answers 503 in time, shows a banner over greyed data, and recovers by itself', async () => {
    server = await startPrivateRedis();
    const port = server.port;
    const redis = new Redis(server.url);
    await redis.zadd(
      'ops:dead',
      1700000000,
      serializeJob({ name: 'mail', id: 'd1', enqueuedAt: 1700000000, args: { a: 1 } }),
    );
    await redis.quit();
    served = await serveDashboard({
      redis: server.url,
      namespace: 'ops',
      listen: '127.0.0.1:0',
      basePath: '/ops/work',
    });
    const base = served.url.replace(/\/$/, '');

    const page = await chromium.context.newPage();
    await page.goto(`${base}`);
    await page.waitForURL(`${base}/#/overview`);
    await see(page.getByTestId('total-dead')).toHaveText('1');
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(200);
    expect((await fetch(`${base}/api/dead_jobs`)).status).toBe(200);

    await server.stop();
    const started = Date.now();
    const down = await fetch(`${base}/api/queues`);
    expect(down.status).toBe(503);
    expect((await down.json()).error).toMatch(/^Redis unavailable: /);
    expect(Date.now() - started).toBeLessThan(4500);
    await see(page.getByTestId('outage')).toContainText('Cannot reach Redis: Redis unavailable');
    expect(await page.locator('main.stale').count()).toBe(1);
    // The last data stays on the page.
    expect(await page.getByTestId('total-dead').textContent()).toBe('1');

    server = await startPrivateRedis({ port });
    await waitFor(
      async () => (await fetch(`${base}/api/queues`)).status === 200,
      'the API recovers',
    );
    await page.getByTestId('outage').waitFor({ state: 'hidden', timeout: 15_000 });
    expect(await page.locator('main.stale').count()).toBe(0);
    await see(page.getByTestId('total-dead')).toHaveText('0');
    await page.close();
  });

  it('says at start when Redis cannot be reached, keeps trying, and says when it answers', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const url = `redis://127.0.0.1:${port}`;
    const dashboard = await serveDashboard({
      redis: url,
      namespace: 'ops',
      listen: '127.0.0.1:0',
      report: (line) => lines.push(line),
    });
    try {
      expect(lines).toEqual([
        `cannot reach Redis at ${url} (connect ECONNREFUSED 127.0.0.1:${port}); retrying every 2 s. The dashboard is up and shows the outage.`,
      ]);
      expect((await fetch(dashboard.url)).status).toBe(200);
      const late = await startPrivateRedis({ port });
      try {
        await waitFor(async () => lines.length === 2, 'the watcher sees Redis');
        expect(lines[1]).toBe(`Redis at ${url} answers`);
      } finally {
        await late.stop();
      }
    } finally {
      await dashboard.close();
    }
  });
});
