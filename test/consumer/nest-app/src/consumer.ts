/**
 * A fresh Nest app using the installed package the way its README says, then checking it works:
 * a @Job run from an injected Enqueuer on a private redis-server, the mounted admin JSON API and
 * the dashboard page and bundle. Shared by the Nest 11 (CommonJS) and Nest 12 (ESM) consumers.
 */
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { defineJob, Enqueuer, Job, WorkModule } from 'nestjs-gocraft-work';
import { startPrivateRedis } from 'nestjs-gocraft-work/testing';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const greet = defineJob<{ name: string }>('greet', { options: { maxFails: 1 } });

@Injectable()
export class Greeter {
  private resolveGreeted: (name: string) => void = () => undefined;
  /** Resolves with the name of the first job run. */
  readonly greeted = new Promise<string>((resolve) => (this.resolveGreeted = resolve));

  constructor(readonly enqueuer: Enqueuer) {}

  @Job(greet)
  async greet(job: Job<{ name: string }>): Promise<void> {
    this.resolveGreeted(job.args.name);
  }
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`consumer check failed: ${what}`);
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** One copy of Nest: npm must not have nested its own @nestjs under the package. */
function checkOneNestCopy(): void {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const packageDir = dirname(require.resolve('nestjs-gocraft-work/package.json'));
  check(
    !existsSync(join(packageDir, 'node_modules', '@nestjs')),
    `a second @nestjs under ${packageDir}`,
  );
}

export async function runConsumer(flavour: string): Promise<void> {
  checkOneNestCopy();
  const redis = await startPrivateRedis();
  try {
    @Module({
      imports: [
        WorkModule.forRoot({
          redis: redis.url,
          namespace: 'consumer',
          admin: { path: 'admin/work', dashboard: true },
        }),
      ],
      providers: [Greeter],
    })
    class AppModule {}

    const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    try {
      const greeter = app.get(Greeter);
      await greeter.enqueuer.enqueue(greet, { name: 'consumer' });
      check((await within(greeter.greeted, 15_000, 'the job to run')) === 'consumer', 'job args');

      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const queues = await fetch(`${base}/admin/work/queues`);
      check(queues.status === 200, `GET /admin/work/queues answered ${queues.status}`);
      const names = ((await queues.json()) as { job_name: string }[]).map((q) => q.job_name);
      check(names.includes('greet'), `queues lists greet (got ${names.join(', ')})`);

      const page = await fetch(`${base}/admin/work/ui/`);
      const html = await page.text();
      check(page.status === 200, `GET /admin/work/ui/ answered ${page.status}`);
      check(html.includes('assets/app.js'), 'the dashboard page loads its bundle');
      const bundle = await fetch(`${base}/admin/work/ui/assets/app.js`);
      check(bundle.status === 200, `GET /admin/work/ui/assets/app.js answered ${bundle.status}`);
      check((await bundle.text()).length > 10_000, 'the dashboard bundle is the built one');
    } finally {
      await app.close();
    }
  } finally {
    await redis.stop();
  }
  console.log(`consumer ok: ${flavour} on Node ${process.version}`);
}
