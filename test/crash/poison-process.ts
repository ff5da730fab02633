/**
 * A plain Node process running a pool whose handlers poison their own args before failing, for
 * the crash-regression tests: if settling a job ever throws, this process dies (Node's default
 * for an unhandled rejection or an uncaught exception), which the test sees as an exit.
 */
import Redis from 'ioredis';
import { silentLogger, WorkerPool } from 'nestjs-gocraft-work/core';

const url = process.env.REDIS_URL!;
const ns = process.env.WORK_NS!;
const recorder = new Redis(url);
recorder.on('error', () => undefined);
const pool = new WorkerPool({ namespace: ns, redis: url, concurrency: 4, logger: silentLogger });

pool.job('cyclic', (job) => {
  (job.args as Record<string, unknown>).self = job.args;
  throw new Error('failed after making its args cyclic');
});
pool.job(
  'cyclic_timeout',
  async (job) => {
    (job.args as Record<string, unknown>).self = job.args;
    await new Promise((r) => setTimeout(r, 1500));
  },
  { timeoutMs: 100, maxFails: 1 },
);
pool.job('nan', (job) => {
  (job.args as Record<string, unknown>).n = NaN;
  throw new Error('failed after putting NaN in its args');
});
pool.job('deep', () => {
  throw new Error('a deeply nested job failed');
});
pool.job('good', async (job) => {
  await recorder.sadd(`${ns}:test:good`, job.id);
});
void pool.start().then(() => process.send?.('started'));
process.on('SIGTERM', () => void pool.stop().then(() => process.exit(0)));
