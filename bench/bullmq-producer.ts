/**
 * BullMQ queues as a bench producer: one Queue per job name over one shared connection (as our
 * Enqueuer uses one), every job with removeOnComplete/removeOnFail so Redis holds no finished jobs,
 * the usual production setting and the one that makes BullMQ's memory use comparable to ours.
 */
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { JOB_NAMES } from './config';
import type { BenchArgs } from './protocol';
import type { ProducerFactory } from './producer';

const JOB_OPTIONS: JobsOptions = { removeOnComplete: true, removeOnFail: true };

export const bullmqProducer: ProducerFactory = (url, prefix) => {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queues = new Map(
    JOB_NAMES.map((name) => [
      name as string,
      new Queue<BenchArgs>(name, { connection, prefix: `${prefix}bull` }),
    ]),
  );
  const queue = (name: string): Queue<BenchArgs> => {
    const q = queues.get(name);
    if (!q) throw new Error(`no BullMQ queue for job "${name}"`);
    return q;
  };
  return {
    enqueue: (name, args) => queue(name).add(name, args, JOB_OPTIONS),
    enqueueBulk: (name, args) =>
      queue(name).addBulk(args.map((data) => ({ name, data, opts: JOB_OPTIONS }))),
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      await connection.quit();
    },
  };
};
