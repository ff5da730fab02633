/**
 * What Redis spent on a phase. used_cpu_user + used_cpu_sys (INFO cpu) are the server's own
 * getrusage totals, so their delta is the CPU Redis used, whichever client caused it: only
 * meaningful on a Redis nobody else is using. CPU time also grows when the machine is busy (shared
 * caches and cores), so we also count commands (INFO commandstats, which includes the commands a
 * Lua script runs): that count does not depend on machine load.
 */
import type Redis from 'ioredis';

/** Server-side counters at one moment. */
export interface RedisCounters {
  /** Seconds of CPU (user + system) since the server started. */
  cpuSeconds: number;
  /** Commands executed since the last CONFIG RESETSTAT, including those run inside scripts. */
  commands: number;
}

/** Reads the counters in one round trip. */
export async function readRedisCounters(redis: Redis): Promise<RedisCounters> {
  const info = await redis.info('all');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info);
    if (!match) throw new Error(`INFO has no ${name}`);
    return Number(match[1]);
  };
  let commands = 0;
  for (const match of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) commands += Number(match[1]);
  return { cpuSeconds: field('used_cpu_user') + field('used_cpu_sys'), commands };
}

/** Seconds of CPU (user + system) the Redis server has used since it started. */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  return (await readRedisCounters(redis)).cpuSeconds;
}
