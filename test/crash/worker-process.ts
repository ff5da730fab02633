/**
 * A plain Node worker process for crash tests: a pool on REDIS_URL / WORK_NS running `crash` jobs
 * that record each run in Redis. BLOCK_MS makes the first job block the event loop that long.
 * SIDE_POOL_NS starts a second, idle pool in the same process on that namespace.
 */
import Redis, { Cluster } from 'ioredis';
import { silentLogger, WorkerPool } from 'nestjs-gocraft-work/core';

const url = process.env.REDIS_URL!;
// REDIS_CLUSTER (JSON startup nodes) runs the pool on a Redis Cluster instead.
const nodes = process.env.REDIS_CLUSTER ? JSON.parse(process.env.REDIS_CLUSTER) : null;
const ns = process.env.WORK_NS!;
const blockMs = Number(process.env.BLOCK_MS ?? 0);
const recorder = nodes ? new Cluster(nodes) : new Redis(url);
recorder.on('error', () => undefined);
const pool = new WorkerPool({
  namespace: ns,
  redis: nodes ? { cluster: nodes } : url,
  concurrency: Number(process.env.CONCURRENCY ?? 10),
  logger: silentLogger,
});
let blocked = false;
pool.job('crash', async (job) => {
  await recorder.incr(`${ns}:test:runs`);
  if (blockMs > 0 && !blocked) {
    blocked = true;
    await recorder.set(`${ns}:test:blocking`, '1');
    const until = Date.now() + blockMs;
    while (Date.now() < until) {
      // Busy-wait on purpose: the event loop is blocked, only the heartbeat thread runs.
    }
  }
  await new Promise((r) => setTimeout(r, Number(process.env.JOB_MS ?? 20)));
  await recorder.sadd(`${ns}:test:done`, job.id);
});
const pools = [pool];
if (process.env.SIDE_POOL_NS) {
  const side = new WorkerPool({
    namespace: process.env.SIDE_POOL_NS,
    redis: url,
    logger: silentLogger,
  });
  side.job('side', () => undefined);
  pools.push(side);
}
void Promise.all(pools.map((p) => p.start())).then(() => process.send?.('started'));
process.on(
  'SIGTERM',
  () => void Promise.all(pools.map((p) => p.stop())).then(() => process.exit(0)),
);
