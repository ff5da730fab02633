/**
 * Worker process for BullMQ: one Worker per queue sharing the total concurrency (5 x 4 = 20 jobs at
 * once, the same total as our pool; 5 x 20 in the sweep's second point), no-op processors, default
 * worker options. Forked by the orchestrator.
 */
import { Worker } from 'bullmq';
import { workerShape } from './config';
import type { BenchArgs } from './protocol';
import { hostWorker } from './worker-host';

hostWorker(({ redisUrl, prefix }, onJob) => {
  let completed = 0;
  let wanted = Infinity;
  let onSettled: (() => void) | null = null;
  const { concurrency, names } = workerShape();
  const workers = names.map((name) => {
    const worker = new Worker<BenchArgs>(
      name,
      async (job) => {
        onJob(job.data);
      },
      {
        // Workers need maxRetriesPerRequest: null on their (blocking) connections.
        connection: { url: redisUrl, maxRetriesPerRequest: null },
        prefix: `${prefix}bull`,
        concurrency: Math.max(1, Math.round(concurrency / names.length)),
        autorun: false,
      },
    );
    // 'completed' is emitted after the job has been moved out of active in Redis: our "settled".
    worker.on('completed', () => {
      completed++;
      if (completed >= wanted && onSettled) {
        const resolve = onSettled;
        onSettled = null;
        resolve();
      }
    });
    worker.on('error', (err) => console.error(`[bullmq worker ${name}] ${err.message}`));
    return worker;
  });
  return Promise.all(workers.map((w) => w.waitUntilReady())).then(() => ({
    async start() {
      for (const worker of workers)
        void worker.run().catch((err: Error) => console.error(err.message));
    },
    settled(processed: number) {
      if (completed >= processed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        wanted = processed;
        onSettled = resolve;
      });
    },
    async stop() {
      await Promise.all(workers.map((w) => w.close()));
    },
  }));
});
