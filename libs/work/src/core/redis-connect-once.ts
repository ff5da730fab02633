/**
 * A connection for tools that want an answer rather than a wait (the CLI, the standalone
 * dashboard's start-up check): it connects once, pings, and fails with the socket's own reason
 * (ECONNREFUSED, a TLS error...) within a bound, instead of retrying. Works for every source an
 * address names: a URL, ioredis options (Sentinel, TLS) and a Cluster's startup nodes.
 */
import Redis, { Cluster, type RedisOptions } from 'ioredis';
import type { RedisAddressSource } from './redis-address';
import { clusterAsRedis, isClusterConfig } from './redis-cluster';

/** No reconnection, no queueing: a failure is reported at once. */
const ONCE: RedisOptions = {
  lazyConnect: true,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
  sentinelRetryStrategy: () => null,
};

function open(source: RedisAddressSource, timeoutMs: number): Redis {
  const once = { ...ONCE, connectTimeout: timeoutMs };
  if (isClusterConfig(source)) {
    const options = source.options ?? {};
    return clusterAsRedis(
      new Cluster(source.cluster, {
        ...options,
        lazyConnect: true,
        clusterRetryStrategy: () => null,
        redisOptions: { ...options.redisOptions, ...once },
      }),
    );
  }
  return typeof source === 'string' ? new Redis(source, once) : new Redis({ ...source, ...once });
}

/**
 * Connects to `source` and checks it answers PING within `timeoutMs`. Resolves to the open
 * connection (the caller closes it); rejects with the first connection error's message, or a
 * timeout, after closing it.
 */
export async function connectOnce(source: RedisAddressSource, timeoutMs: number): Promise<Redis> {
  const redis = open(source, timeoutMs);
  let cause = '';
  redis.on('error', (err: Error) => (cause ||= err.message));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), late]);
    return redis;
  } catch (err) {
    redis.disconnect();
    throw new Error(cause || (err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}
