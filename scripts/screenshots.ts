/**
 * `npm run screenshots`: starts a private redis-server and an app with a running pool and sample
 * jobs, then saves every dashboard page at desktop and phone widths to docs/screenshots/*.png
 * with Debian's chromium (playwright-core).
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Enqueuer, Job, Periodic, WorkModule } from 'nestjs-gocraft-work';
import { startPrivateRedis } from 'nestjs-gocraft-work/testing';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(__dirname, '..', 'docs', 'screenshots');
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
  'job',
];
const SIZES = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } };

let release: () => void = () => undefined;
const blocked = new Promise<void>((resolve) => (release = resolve));

@Injectable()
class SampleJobs {
  @Job('send_email')
  async sendEmail(job: Job<{ to: string; slow?: boolean }>): Promise<void> {
    if (job.args.slow) {
      job.checkin('rendering template');
      await blocked;
    }
  }

  @Job('resize_image', { maxFails: 3 })
  resize(): void {
    throw new Error('image too large: 12000x9000');
  }

  @Job('charge_card', { maxFails: 1 })
  charge(): void {
    throw new Error('card declined: <img src=x onerror=alert(1)>');
  }

  @Job('nightly_report')
  @Periodic('0 30 2 * * *')
  report(): void {}
}

async function main(): Promise<void> {
  const redis = await startPrivateRedis();
  @Module({
    imports: [
      WorkModule.forRoot({
        namespace: 'shop',
        redis: redis.url,
        logger: false,
        concurrency: 4,
        admin: { path: 'admin/work', dashboard: true },
      }),
    ],
    providers: [SampleJobs],
  })
  class ScreenshotModule {}
  const app = await NestFactory.create(ScreenshotModule, {
    logger: false,
    forceCloseConnections: true,
  });
  await app.listen(0, '127.0.0.1');
  const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/admin/work/ui/`;
  const profile = mkdtempSync(join(tmpdir(), 'work-screenshots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const enqueuer = app.get(Enqueuer);
    for (let i = 0; i < 3; i++)
      await enqueuer.enqueue('send_email', { to: `user${i}@example.com`, slow: true });
    for (let i = 0; i < 4; i++) await enqueuer.enqueue('resize_image', { image_id: 1000 + i });
    for (let i = 0; i < 2; i++)
      await enqueuer.enqueue('charge_card', { order: 77 + i, amount_cents: 1999 });
    for (let i = 0; i < 3; i++)
      await enqueuer.enqueueIn('nightly_report', 3600 * (i + 1), { day: i });
    await enqueuer.enqueue('nightly_report', { day: -1 });
    await new Promise((r) => setTimeout(r, 2500));
    mkdirSync(OUT, { recursive: true });
    const page = await context.newPage();
    await page.goto(`${base}#/dead`);
    await page.locator('tbody tr').first().waitFor();
    const deadId = await page.locator('tbody tr').first().getAttribute('data-job');
    const deadLink = await page.locator('tbody tr a.job-link').first().getAttribute('href');
    const deadScore = new URLSearchParams(deadLink?.split('?')[1] ?? '').get('score');
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      for (const name of PAGES) {
        await page.goto(
          `${base}#/${name === 'job' ? `jobs/${deadId}?set=dead&score=${deadScore}` : name}`,
        );
        await page.waitForLoadState('networkidle');
        // The overview and metrics charts need the pool's once-a-second counters flushed first.
        await page.waitForTimeout(name === 'overview' || name === 'metrics' ? 3500 : 400);
        await page.screenshot({ path: join(OUT, `${name}-${size}.png`), fullPage: true });
        console.log(`docs/screenshots/${name}-${size}.png`);
      }
    }
  } finally {
    release();
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await app.close();
    await redis.stop();
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
