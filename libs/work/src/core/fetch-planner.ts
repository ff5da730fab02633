/**
 * What one fetch asks the batch script for (see lua/fetch-jobs.lua.ts): one priority-sampled order
 * of the pool's job types, and the keys of either every type (a full fetch) or only the head of
 * the order (a narrow fetch, while the queues are deep).
 */
import type { Keys } from './keys';
import { fetchKeysOf } from './job-types';
import { PrioritySampler } from './priority-sampler';
import type { JobType } from './worker';

/**
 * Types a narrow fetch looks at: the head of the sampled order. A pool with more types fetches
 * narrowly while its queues are deep (the last fetch filled every idle slot), because a fetch's
 * Redis and client work grows with the keys it passes (six per type) and the head of the order
 * nearly always fills it. A narrow fetch that comes back short is followed at once by a full one,
 * so no type is passed over: that split is the only difference from looking at every type.
 */
export const NARROW_TYPES = 4;

/**
 * A sampled order as one argument of 1-based type indexes, one byte each. Below 128 the bytes are
 * ASCII and travel as a string, so ioredis builds the whole command as one string: a single
 * Buffer argument would make it encode each of the 6-per-type keys on its own, which cost most of
 * the fetch with 100 job types.
 */
function orderBytes(codes: number[], types: number): string | Buffer {
  return types > 127 ? Buffer.from(codes) : String.fromCharCode.apply(null, codes);
}

/** One fetch script call, and the types its reply's 1-based indexes refer to. */
export interface FetchRequest<C> {
  readonly keys: string[];
  readonly argv: (string | number | Buffer)[];
  readonly types: readonly JobType<C>[];
  /** Whether only the head of the sampled order was passed. */
  readonly narrow: boolean;
}

/** Builds each fetch's request, narrow or full as the last reply says. */
export class FetchPlanner<C> {
  private readonly sampler: PrioritySampler<JobType<C>>;
  private readonly fetchKeys: string[];
  /** Reused for each fetch's sampled order. */
  private readonly order: number[];
  /** Whether the next fetch looks at every type; false while the queues look deep. */
  private fullFetch = true;

  constructor(
    keys: Keys,
    private readonly types: readonly JobType<C>[],
    private readonly poolId: string,
  ) {
    this.sampler = new PrioritySampler(types);
    this.fetchKeys = fetchKeysOf(keys, types);
    this.order = new Array<number>(types.length);
  }

  /** Records a reply: a full one keeps fetches narrow, a short one makes the next one full. */
  replied(got: number, asked: number): void {
    this.fullFetch = got < asked;
  }

  /** The script's keys and ARGV (pool id, type count, slot count, one sampled order). */
  request(slots: number): FetchRequest<C> {
    const { types, poolId } = this;
    const m = types.length;
    const order = this.order;
    this.sampler.sampleInto(order, 0);
    if (this.fullFetch || m <= NARROW_TYPES) {
      for (let i = 0; i < m; i++) order[i] += 1;
      const argv = [poolId, m, slots, orderBytes(order, m)];
      return { keys: this.fetchKeys, argv, types, narrow: false };
    }
    const head = order.slice(0, NARROW_TYPES);
    const keys: string[] = [];
    for (const t of head) for (let k = t * 6; k < t * 6 + 6; k++) keys.push(this.fetchKeys[k]);
    const codes = head.map((_, i) => i + 1);
    const argv = [poolId, NARROW_TYPES, slots, orderBytes(codes, NARROW_TYPES)];
    return { keys, argv, types: head.map((t) => types[t]), narrow: true };
  }
}
