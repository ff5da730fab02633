/**
 * Moves due jobs from the `retry` and `scheduled` zsets to their queues (spec §7.3), with the B2
 * fix: a job is moved when its name is in known_jobs or handled by this pool, and otherwise left
 * in the set; it is never killed as "unknown job".
 *
 * Work per pass is bounded: at most `maxPerPass` members are looked at, and members found to stay
 * (unknown names, undecodable bytes) are skipped by offset on the next passes instead of being
 * re-read every second; every `rescanEvery` passes the offset resets, in case they went away.
 */
import type Redis from 'ioredis';
import type { Clock } from './clock';
import type { Keys } from './keys';
import { defineScripts } from './lua';
import { moveToQueues } from './zsets';

export interface RequeuerOptions {
  /** The zset to drain: keys.retry or keys.scheduled. */
  zset: string;
  keys: Keys;
  redis: Redis;
  clock: Clock;
  /** Job names this pool handles. */
  jobNames: string[];
  /** Most members looked at per pass. Default 1000. */
  maxPerPass?: number;
  /** Passes between full rescans of skipped members. Default 60. */
  rescanEvery?: number;
}

export class Requeuer {
  private skipOffset = 0;
  private passes = 0;

  constructor(private readonly options: RequeuerOptions) {
    defineScripts(options.redis);
  }

  /** Due members the next pass will skip without reading (unknown names, undecodable bytes). */
  get skippedAtHead(): number {
    return this.skipOffset;
  }

  /** One pass: moves what is due; resolves to the number of jobs moved. */
  async requeue(): Promise<number> {
    const { zset, keys, redis, clock, jobNames } = this.options;
    const maxPerPass = this.options.maxPerPass ?? 1000;
    if (this.passes++ % (this.options.rescanEvery ?? 60) === 0) this.skipOffset = 0;
    const now = clock.nowSeconds();
    const { moved, offset } = await moveToQueues(redis, keys, zset, {
      upTo: now,
      now,
      offset: this.skipOffset,
      maxLooked: maxPerPass,
      jobNames,
    });
    this.skipOffset = offset;
    return moved;
  }
}
