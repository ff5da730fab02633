/**
 * Redis Cluster support: an ioredis `Cluster` (or its startup nodes) as the `redis` option.
 * Every command the engine sends names keys of one namespace, and a hash-tagged namespace
 * (`{work}`) puts all of them in one slot, so a Cluster serves the engine exactly as one Redis
 * does: scripts, MULTI and pipelines stay on the slot's node and PUBLISH reaches every node.
 */
import Redis, { Cluster, ClusterNode, ClusterOptions } from 'ioredis';
import { WorkConfigError } from './errors';
import { timeoutOptions } from './redis-timeouts';

/** A Redis Cluster given by its startup nodes, e.g. `{ cluster: ['10.0.0.1:6379'] }`. */
export interface RedisClusterConfig {
  /** Startup nodes: `host:port` strings, ports or `{ host, port }`; one reachable node suffices. */
  cluster: ClusterNode[];
  /** ioredis Cluster options (per-node settings such as `tls` and `password` go in `redisOptions`). */
  options?: ClusterOptions;
}

/**
 * True for an ioredis Cluster instance. Checked by shape, not `instanceof`: an app that installs
 * its own copy of ioredis hands us instances whose class is not the one we import.
 */
export function isClusterClient(value: unknown): value is Cluster {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<'isCluster' | 'nodes' | 'duplicate', unknown>>;
  return (
    candidate.isCluster === true &&
    typeof candidate.nodes === 'function' &&
    typeof candidate.duplicate === 'function'
  );
}

/** True for `{ cluster: [...] }`. */
export function isClusterConfig(value: unknown): value is RedisClusterConfig {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as RedisClusterConfig).cluster) &&
    (value as RedisClusterConfig).cluster.length > 0
  );
}

/**
 * The engine talks to a Cluster through the same command interface as to one Redis (ioredis gives
 * both the same commands, defineCommand, multi and pipeline); this is the one place that says so.
 */
export function clusterAsRedis(cluster: Cluster): Redis {
  return cluster as unknown as Redis;
}

/**
 * The Cluster options of startup nodes we connect to: each node's connection gets the command
 * timeout and liveness check of a standalone connection (`timeoutOptions`), unless the caller
 * set them in `redisOptions` (0 turns one off).
 */
function clusterOptionsOf(config: RedisClusterConfig): ClusterOptions {
  const redisOptions = config.options?.redisOptions ?? {};
  return { ...config.options, redisOptions: { ...redisOptions, ...timeoutOptions(redisOptions) } };
}

/** Opens a Cluster connection from its startup nodes, with the timeouts of `clusterOptionsOf`. */
export function openCluster(config: RedisClusterConfig, extra: ClusterOptions = {}): Cluster {
  return new Cluster(config.cluster, { ...clusterOptionsOf(config), ...extra });
}

/** A second connection to the same cluster (for pub/sub). */
export function duplicateCluster(redis: Redis): Redis {
  const cluster = redis as unknown as Cluster;
  return clusterAsRedis(
    cluster.duplicate([], {
      redisOptions: {
        ...cluster.options.redisOptions,
        enableReadyCheck: false,
        commandTimeout: undefined,
      },
    }),
  );
}

/** True when the client the engine holds is a Cluster. */
export function holdsCluster(redis: Redis): boolean {
  return redis.isCluster === true;
}

/** Keeps the plain-data fields of an options object (what structured clone can copy). */
function plainFields(options: object | undefined): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value === undefined || typeof value === 'function') continue;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) continue;
    }
    plain[key] = value;
  }
  return plain;
}

/** The startup nodes and cloneable options of a Cluster, for the heartbeat thread. */
export function clusterThreadConfig(source: Cluster | RedisClusterConfig): {
  cluster: ClusterNode[];
  options: Record<string, unknown>;
} {
  // ioredis keeps the startup nodes private; they are what a duplicate connects to as well.
  const nodes = isClusterClient(source)
    ? (source as unknown as { startupNodes: ClusterNode[] }).startupNodes
    : source.cluster;
  // A Cluster the caller built keeps its own settings; startup nodes get ours, as in openCluster.
  const options = isClusterClient(source) ? source.options : clusterOptionsOf(source);
  const plain = plainFields(options);
  plain.redisOptions = plainFields(options.redisOptions);
  delete plain.lazyConnect;
  return { cluster: nodes, options: plain };
}

/**
 * The hash tag Redis Cluster hashes a key by: the text between the first `{` and the next `}`,
 * when not empty (https://redis.io/docs/reference/cluster-spec/#hash-tags).
 */
export function hashTagOf(namespace: string): string | null {
  const open = namespace.indexOf('{');
  if (open < 0) return null;
  const close = namespace.indexOf('}', open + 1);
  if (close <= open + 1) return null;
  return namespace.slice(open + 1, close);
}

/**
 * Refuses a namespace without a hash tag on a Cluster: its keys would spread over many slots and
 * every script, MULTI and multi-key command would fail with CROSSSLOT.
 */
export function checkClusterNamespace(owner: string, namespace: string): void {
  if (hashTagOf(namespace) !== null) return;
  throw new WorkConfigError(
    `${owner} option "namespace" must contain a hash tag on Redis Cluster, got ${JSON.stringify(namespace)}: ` +
      'every key of a namespace must hash to one slot (scripts and MULTI touch several keys at once). ' +
      `Write it as ${JSON.stringify(`{${namespace || 'work'}}`)}; the tag is just part of the namespace ` +
      'string, so Go services must use the same namespace.',
  );
}
