/**
 * How the engine gets its Redis connections: from a URL, ioredis options, or a client the caller
 * owns (never closed by us). Also the startup check that Redis will not evict job keys.
 */
import Redis, { Cluster, RedisOptions } from 'ioredis';
import type { WorkLogger } from './logger';
import {
  clusterAsRedis,
  clusterThreadConfig,
  duplicateCluster,
  holdsCluster,
  isClusterClient,
  isClusterConfig,
  openCluster,
  RedisClusterConfig,
} from './redis-cluster';
import { timeoutOptions } from './redis-timeouts';

export {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_SOCKET_TIMEOUT_MS,
  timeoutOptions,
} from './redis-timeouts';

/**
 * Where to find Redis: a `redis://` (or `rediss://`) URL, ioredis options, an existing client, an
 * ioredis Cluster, or a cluster's startup nodes (`{ cluster: [...] }`).
 */
export type RedisSource = string | RedisOptions | Redis | Cluster | RedisClusterConfig;

/** A connection and whether we must close it. */
export interface OwnedRedis {
  readonly client: Redis;
  readonly owned: boolean;
}

/**
 * True for an ioredis client (not a Cluster). Checked by shape, not `instanceof`: an app that
 * installs its own copy of ioredis hands us clients whose class is not the one we import.
 */
export function isRedisClient(value: unknown): value is Redis {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<
    Record<'isCluster' | 'sendCommand' | 'duplicate' | 'options', unknown>
  >;
  return (
    candidate.isCluster === false &&
    typeof candidate.sendCommand === 'function' &&
    typeof candidate.duplicate === 'function' &&
    typeof candidate.options === 'object'
  );
}

/**
 * Opens (or adopts) a connection for `source`. Connections we open get a command timeout and a
 * liveness check (see {@link timeoutOptions}); a client you pass keeps its own settings.
 */
export function connectRedis(source: RedisSource): OwnedRedis {
  if (isRedisClient(source)) return { client: source, owned: false };
  if (isClusterClient(source)) return { client: clusterAsRedis(source), owned: false };
  if (isClusterConfig(source))
    return { client: quietErrors(clusterAsRedis(openCluster(source))), owned: true };
  const client =
    typeof source === 'string'
      ? new Redis(source, timeoutOptions(source))
      : new Redis({ ...source, ...timeoutOptions(source) });
  return { client: quietErrors(client), owned: true };
}

/**
 * Connection errors surface where they matter (a failed fetch, enqueue or acknowledgement is
 * reported by its caller); without a listener ioredis would also print every reconnect attempt.
 */
export function quietErrors(client: Redis): Redis {
  client.on('error', () => undefined);
  return client;
}

/**
 * A second connection to the same server (for pub/sub), always owned by the caller. It keeps the
 * socket timeout (the liveness check) but has no command timeout: ioredis re-subscribes after a
 * reconnect without handling the reply, so a timed-out SUBSCRIBE would be an unhandled rejection
 * that ends the process (found by the chaos suite with a slowed connection).
 */
export function duplicateRedis(redis: Redis): Redis {
  // No ready check: it leaves a timer behind when the connection is closed while checking.
  if (holdsCluster(redis)) return quietErrors(duplicateCluster(redis));
  return quietErrors(redis.duplicate({ enableReadyCheck: false, commandTimeout: undefined }));
}

/** Closes a connection if we own it; waits for pending replies when it is up. */
export async function closeRedis(conn: OwnedRedis | Redis, owned = true): Promise<void> {
  const client = 'owned' in conn ? conn.client : conn;
  const mine = 'owned' in conn ? conn.owned : owned;
  if (!mine) return;
  if (client.status === 'end') return;
  if (client.status === 'ready') await client.quit().catch(() => undefined);
  // Also after QUIT: only disconnect() releases what the connector holds besides the socket
  // (a Sentinel connection's failoverDetector keeps subscribed, reconnecting sentinel clients).
  client.disconnect();
}

/** The warning for an eviction policy that can delete job keys, or null when the policy is safe. */
export function evictionWarning(policy: string | null): string | null {
  if (policy === null || policy === 'noeviction') return null;
  return (
    `Redis maxmemory-policy is "${policy}": when Redis reaches maxmemory it may evict queued, ` +
    'scheduled or in-progress jobs, and evicted jobs are lost. Set maxmemory-policy to noeviction ' +
    '(CONFIG SET maxmemory-policy noeviction, or in redis.conf) for the Redis that holds jobs.'
  );
}

/**
 * Reads maxmemory-policy and warns when it can evict keys. Managed Redis services often forbid
 * CONFIG; that is not an error, we just cannot tell.
 */
export async function warnIfEvicting(redis: Redis, logger: WorkLogger): Promise<void> {
  let policy: string | null = null;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply?.[1] ?? null;
  } catch {
    return;
  }
  const warning = evictionWarning(policy);
  if (warning) logger.warn(warning);
}

/** The error for a Redis too old for the fetch script (RPOP with a count), or null. */
export function versionError(version: string | null): string | null {
  const m = version ? /^(\d+)\.(\d+)/.exec(version) : null;
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major > 6 || (major === 6 && minor >= 2)) return null;
  return `Redis ${version} is too old: worker pools need Redis 6.2 or later (the fetch script uses RPOP with a count). Enqueueing still works.`;
}

/**
 * Reads the server's version and logs an error when it is older than the pool needs. Resolves to
 * the version; rejects when Redis does not answer.
 */
export async function checkRedisVersion(redis: Redis, logger: WorkLogger): Promise<string | null> {
  const info = await redis.info('server');
  const version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? null;
  const error = versionError(version);
  if (error) logger.error(error);
  return version;
}

/**
 * Connection settings that can be sent to a worker thread (functions and class instances such as
 * a custom retryStrategy or a TLS context cannot cross; the thread uses ioredis defaults for them).
 * A URL travels as `url`, next to the timeouts our own connections get.
 */
export function cloneableRedisConfig(source: RedisSource): Record<string, unknown> {
  if (typeof source === 'string') return { url: source, ...timeoutOptions(source) };
  if (isClusterClient(source) || isClusterConfig(source)) return clusterThreadConfig(source);
  const options = (
    isRedisClient(source) ? source.options : { ...source, ...timeoutOptions(source) }
  ) as Record<string, unknown>;
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || typeof value === 'function') continue;
    if (
      typeof value === 'object' &&
      value !== null &&
      Object.getPrototypeOf(value) !== Object.prototype &&
      !Array.isArray(value)
    )
      continue;
    plain[key] = value;
  }
  // The thread's connection must not inherit a lazy or offline-queue-less mode meant for the caller.
  delete plain.lazyConnect;
  return plain;
}
