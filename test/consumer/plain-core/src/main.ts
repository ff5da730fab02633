/**
 * A plain Node consumer (no Nest installed): enqueues a job and runs it with a WorkerPool through
 * `nestjs-gocraft-work/core`, on a private redis-server, then closes everything so Node exits.
 * Uses the old `node10` module resolution, so the package's typesVersions are exercised too.
 */
import { Enqueuer, Job, WorkerPool, WorkError } from 'nestjs-gocraft-work/core';
import { startPrivateRedis } from 'nestjs-gocraft-work/testing';

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`consumer check failed: ${what}`);
}

function nestIsInstalled(): boolean {
  try {
    require.resolve('@nestjs/core');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  check(!nestIsInstalled(), '@nestjs/core must not be installed in this consumer');
  const redis = await startPrivateRedis();
  const pool = new WorkerPool({ namespace: 'plain', redis: redis.url, concurrency: 2 });
  const enqueuer = new Enqueuer({ namespace: 'plain', redis: redis.url });
  try {
    const ran = new Promise<string>((resolve) => {
      pool.job('add', async (job: Job) => resolve(String(job.argInt64('a') + job.argInt64('b'))));
    });
    await pool.start();
    await enqueuer.enqueue('add', { a: 2, b: 3 });
    const sum = await Promise.race([
      ran,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the job did not run within 15 s')), 15_000).unref(),
      ),
    ]);
    check(sum === '5', `the job computed ${sum}`);
    let refused: unknown;
    await enqueuer.enqueue('', null).catch((err: unknown) => (refused = err));
    check(refused instanceof WorkError, 'a bad job name is refused with a WorkError');
    check(
      !Object.keys(require.cache).some((file) => file.includes('@nestjs')),
      'nothing from @nestjs was loaded',
    );
  } finally {
    await enqueuer.close();
    await pool.stop();
    await redis.stop();
  }
  console.log(`consumer ok: plain Node core on Node ${process.version}`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
