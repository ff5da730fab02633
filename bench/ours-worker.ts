/**
 * Worker process for our engine: one WorkerPool (concurrency 20 unless the parent asks for more)
 * with the bench jobs registered with default options and no-op handlers. Forked by the
 * orchestrator, never run by hand.
 */
import { silentLogger, WorkerPool } from 'nestjs-gocraft-work/core';
import { workerShape } from './config';
import type { BenchArgs } from './protocol';
import { hostWorker } from './worker-host';

hostWorker(({ redisUrl, prefix }, onJob) => {
  const { concurrency, names } = workerShape();
  const pool = new WorkerPool({
    namespace: `${prefix}ours`,
    redis: redisUrl,
    concurrency,
    logger: silentLogger,
  });
  for (const name of names) pool.job(name, (job) => onJob(job.args as BenchArgs | null));
  return {
    start: () => pool.start(),
    // drain() resolves once a fetch finds nothing, no job runs and every outcome is written.
    settled: () => pool.drain(),
    stop: () => pool.stop(),
  };
});
