/**
 * The Redis the bench runs against: a private redis-server with persistence off (the default),
 * or REDIS_URL. On a Redis we did not start, everything lives under a per-run key prefix and
 * cleaning up deletes only keys with that prefix; on our private server it is a FLUSHALL.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { PrivateRedis, startPrivateRedis } from 'nestjs-gocraft-work/testing';

/** A Redis we may write to, with the means to clean up after each phase. */
export interface RedisTarget {
  readonly url: string;
  /** Prefix of every key of this run (`bench-<pid>-<hex>-`); systems append `ours` / `bull`. */
  readonly prefix: string;
  /** true when we started the server ourselves (then other clients cannot disturb the figures). */
  readonly private: boolean;
  /** A control connection for INFO and cleanup, never used by the systems under test. */
  readonly control: Redis;
  /** Deletes this run's keys. */
  reset(): Promise<void>;
  /** Deletes this run's keys, closes the control connection and stops a private server. */
  close(): Promise<void>;
}

const SCAN_COUNT = 1000;

/** Deletes every key starting with `prefix`, in SCAN-sized batches (never KEYS on a shared server). */
async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', SCAN_COUNT);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Opens the bench's Redis target. */
export async function openRedisTarget(): Promise<RedisTarget> {
  const external = process.env.REDIS_URL;
  const server: PrivateRedis | null = external ? null : await startPrivateRedis();
  const url = external ?? server!.url;
  const prefix = `bench-${process.pid}-${randomBytes(3).toString('hex')}-`;
  const control = new Redis(url);
  const reset = () =>
    server ? control.flushall().then(() => undefined) : deleteByPrefix(control, prefix);
  return {
    url,
    prefix,
    private: server !== null,
    control,
    reset,
    async close() {
      try {
        await reset();
        await control.quit();
      } finally {
        await server?.stop();
      }
    },
  };
}
