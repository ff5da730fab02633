/**
 * What the Client's operation modules (client-one-job.ts, client-bulk.ts) share: the Client's
 * connection, its namespace's keys and its clock, plus the small lookups both need.
 */
import type Redis from 'ioredis';
import { uniqueKeyOfMember } from './client-decode';
import type { JobSet } from './client-types';
import type { Clock } from './clock';
import type { Keys } from './keys';

/** The parts of a Client an operation works with. */
export interface ClientContext {
  readonly redis: Redis;
  readonly keys: Keys;
  readonly clock: Clock;
}

/** The key of the retry, scheduled or dead zset. */
export function zsetKeyOf(keys: Keys, set: JobSet): string {
  return set === 'retry' ? keys.retry : set === 'scheduled' ? keys.scheduled : keys.dead;
}

/** Queue keys of every known job name: the scripts requeue only to these (and declare them). */
export async function knownQueues(ctx: ClientContext): Promise<string[]> {
  return (await ctx.redis.smembers(ctx.keys.knownJobs)).map((name) => ctx.keys.queue(name));
}

/**
 * Releases the unique keys held by deleted scheduled members (their `unique_key`, else the key
 * computed from their args as Go does), so the same unique enqueue succeeds again.
 */
export async function releaseUniqueKeys(ctx: ClientContext, members: string[]): Promise<void> {
  const uniqueKeys = members
    .map((raw) => uniqueKeyOfMember(ctx.keys, raw))
    .filter((k): k is string => k !== null);
  if (uniqueKeys.length > 0) await ctx.redis.del(...uniqueKeys);
}
