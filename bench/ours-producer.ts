/** Our Enqueuer as a bench producer (default options: it announces pushes so idle pools wake). */
import { Enqueuer, silentLogger } from 'nestjs-gocraft-work/core';
import type { ProducerFactory } from './producer';

export const oursProducer: ProducerFactory = (url, prefix) => {
  const enqueuer = new Enqueuer({ namespace: `${prefix}ours`, redis: url, logger: silentLogger });
  return {
    enqueue: (name, args) => enqueuer.enqueue(name, args),
    enqueueBulk: (name, args) => enqueuer.enqueueBulk(args.map((a) => ({ name, args: a }))),
    close: () => enqueuer.close(),
  };
};
