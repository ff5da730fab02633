/**
 * What an operator checks about the Redis that holds the jobs: version, memory against maxmemory,
 * the eviction policy (anything but `noeviction` can silently drop jobs), clients, uptime, and how
 * many keys the namespace holds. Reads INFO once and counts keys by SCAN in bounded steps.
 */
import type Redis from 'ioredis';
import { evictionWarning } from './redis-connection';

/** Keys read per SCAN step while counting the namespace, and the most keys counted. */
const SCAN_STEP = 1000;
const MAX_KEYS_COUNTED = 100_000;

/** A summary of the Redis server, as the dashboard's Redis page shows it. */
export interface RedisSummary {
  /** `redis_version`. */
  version: string;
  /** Bytes in use (`used_memory`). */
  used_memory: number;
  /** The memory limit in bytes; 0 means none. */
  maxmemory: number;
  /** `maxmemory_policy`, e.g. `noeviction`. */
  maxmemory_policy: string;
  /** A warning when the policy may evict job keys; null for `noeviction`. */
  eviction_warning: string | null;
  /** Connected clients. */
  connected_clients: number;
  /** Seconds since the server started. */
  uptime_seconds: number;
  /** Keys under the namespace's prefix (at most 100000 are counted). */
  namespace_keys: number;
  /** Whether counting stopped at 100000 (`namespace_keys` is then a lower bound). */
  namespace_keys_capped: boolean;
}

function field(info: string, name: string): string {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
}

/** Reads INFO and counts the keys that start with `prefix` (e.g. `work:`). */
export async function readRedisSummary(redis: Redis, prefix: string): Promise<RedisSummary> {
  const info = await redis.info();
  const policy = field(info, 'maxmemory_policy');
  let keys = 0;
  let cursor = '0';
  const pattern = `${prefix.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_STEP);
    cursor = next;
    keys += found.length;
  } while (cursor !== '0' && keys < MAX_KEYS_COUNTED);
  return {
    version: field(info, 'redis_version'),
    used_memory: Number(field(info, 'used_memory')) || 0,
    maxmemory: Number(field(info, 'maxmemory')) || 0,
    maxmemory_policy: policy,
    eviction_warning: evictionWarning(policy || null),
    connected_clients: Number(field(info, 'connected_clients')) || 0,
    uptime_seconds: Number(field(info, 'uptime_in_seconds')) || 0,
    namespace_keys: keys,
    namespace_keys_capped: cursor !== '0',
  };
}
