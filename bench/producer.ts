/**
 * What the orchestrator needs from each system's client side, so every phase is written once and
 * runs identically against both.
 */
import type { BenchArgs } from './protocol';

export interface Producer {
  /** Enqueues one job; resolves once Redis has it. */
  enqueue(name: string, args: BenchArgs): Promise<unknown>;
  /** Enqueues jobs of one name in one library call (ours: enqueueBulk; BullMQ: addBulk). */
  enqueueBulk(name: string, args: BenchArgs[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Makes a producer writing under `prefix` on the Redis at `url`. */
export type ProducerFactory = (url: string, prefix: string) => Producer;
