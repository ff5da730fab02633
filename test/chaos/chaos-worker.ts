/**
 * A chaos worker process: one pool on REDIS_URL (usually through a ChaosProxy) running `chaos`
 * jobs. Each completed job appends its id to RUN_LOG (a file, so recording works whatever Redis
 * is doing). Timings are shortened (heartbeat 1 s, dead after 10 s, reaper every 2 s) so the
 * suite stays within minutes; docs/reliability.md gives the bounds for both these and the defaults.
 */
import { appendFileSync } from 'node:fs';
import { WorkerPool, WorkLogger } from 'nestjs-gocraft-work/core';

const name = process.env.WORKER_NAME ?? 'worker';
const logger: WorkLogger = {
  log: (m) => console.log(`[${name}] ${m}`),
  warn: (m) => console.log(`[${name}] warn: ${m}`),
  error: (m) => console.log(`[${name}] error: ${m}`),
};
// Repeated errors (a failing fetch every 100 ms) are summarised, not printed each time.
const seen = new Map<string, number>();
const quiet: WorkLogger = {
  ...logger,
  error: (m) => {
    const key = m.slice(0, 40);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 1 || n % 50 === 0) logger.error(n > 1 ? `${m} (x${n})` : m);
  },
};

const pool = new WorkerPool({
  namespace: 'chaos',
  redis: process.env.REDIS_URL!,
  concurrency: Number(process.env.CONCURRENCY ?? 10),
  logger: process.env.CHAOS_VERBOSE ? logger : quiet,
  heartbeatIntervalMs: 1000,
  deadAfterSeconds: 10,
  reapIntervalMs: 2000,
  orphanGraceMs: 5000,
  requeueIntervalMs: 1000,
});
const jobMs = Number(process.env.JOB_MS ?? 20);
pool.job('chaos', async (job) => {
  await new Promise((r) => setTimeout(r, jobMs));
  appendFileSync(process.env.RUN_LOG!, `${job.id}\n`);
});
void pool.start().then(() => process.send?.('started'));
process.on('SIGTERM', () => {
  void pool.stop({ timeoutMs: 5000 }).then(() => process.exit(0));
});
