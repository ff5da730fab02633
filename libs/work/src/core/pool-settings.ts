/**
 * What each live pool of ours configured, kept in `NSpool_settings` (pool id -> JSON). Go pools
 * write `max_concurrency` at start like ours (the last pool to start wins), so the key alone
 * cannot say which limit each pool asked for; this hash can, for our pools. A live pool in
 * `worker_pools` with no entry here is a Go pool (or one of an older version of this library).
 */
import type Redis from 'ioredis';
import type { Keys } from './keys';

/** The settings a pool records at start. */
export interface PoolSettings {
  /** MaxConcurrency configured per job name (0: unlimited). */
  max_concurrency: Record<string, number>;
}

/** The JSON stored for a pool. */
export function encodePoolSettings(settings: PoolSettings): string {
  return JSON.stringify(settings);
}

/** A stored settings value, or null when it is not one (written by something else). */
export function decodePoolSettings(value: string): PoolSettings | null {
  try {
    const parsed = JSON.parse(value) as Partial<PoolSettings> | null;
    const limits = parsed?.max_concurrency;
    if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) return null;
    return { max_concurrency: limits };
  } catch {
    return null;
  }
}

/**
 * The distinct limits that live pools of ours configured for each job name, ascending. Entries of
 * pools absent from `livePools` (stopped or reaped, not yet swept) are ignored.
 */
export function configuredLimits(
  stored: Record<string, string>,
  livePools: readonly string[],
): Map<string, number[]> {
  const live = new Set(livePools);
  const byName = new Map<string, Set<number>>();
  for (const [poolId, value] of Object.entries(stored)) {
    if (!live.has(poolId)) continue;
    const limits = decodePoolSettings(value)?.max_concurrency ?? {};
    for (const [name, limit] of Object.entries(limits)) {
      if (!Number.isInteger(limit)) continue;
      const set = byName.get(name) ?? new Set<number>();
      set.add(limit);
      byName.set(name, set);
    }
  }
  return new Map([...byName].map(([name, set]) => [name, [...set].sort((a, b) => a - b)]));
}

/**
 * The live pools that serve `jobName` without recording settings here, i.e. Go pools: ids with
 * the host and pid of their heartbeat.
 */
export async function foreignPoolsServing(
  redis: Redis,
  keys: Keys,
  jobName: string,
): Promise<Array<{ poolId: string; host: string; pid: string }>> {
  const pools = await redis.smembers(keys.workerPools);
  if (pools.length === 0) return [];
  const pipe = redis.pipeline();
  pipe.hkeys(keys.poolSettings);
  for (const id of pools) pipe.hmget(keys.heartbeat(id), 'job_names', 'host', 'pid');
  const reply = (await pipe.exec()) ?? [];
  const [settingsErr, ours] = reply[0] ?? [];
  if (settingsErr) throw settingsErr;
  const known = new Set(ours as string[]);
  const found: Array<{ poolId: string; host: string; pid: string }> = [];
  pools.forEach((poolId, i) => {
    const [err, fields] = reply[i + 1] ?? [];
    if (err || known.has(poolId)) return;
    const [names, host, pid] = fields as Array<string | null>;
    if (names !== null && names.split(',').includes(jobName))
      found.push({ poolId, host: host ?? '?', pid: pid ?? '?' });
  });
  return found;
}
