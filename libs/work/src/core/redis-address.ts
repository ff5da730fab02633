/**
 * One text form of every `redis` source, for command-line flags and environment variables:
 * a `redis://` / `rediss://` URL, a bare `host:port`, `:port` or `host`, a Redis Cluster's nodes
 * as `cluster://host:port,host:port` (or simply several comma-separated `host:port`), or a
 * Sentinel group as `sentinel://host:port,host:port/<master name>`.
 */
import { readFileSync } from 'node:fs';
import { WorkConfigError } from './errors';
import type { RedisClusterConfig } from './redis-cluster';
import type { RedisOptions } from 'ioredis';

/** What an address names: a URL, ioredis options (TLS, Sentinel) or a Cluster's startup nodes. */
export type RedisAddressSource = string | RedisOptions | RedisClusterConfig;

/** Options of {@link redisSourceFromAddress}. */
export interface RedisAddressOptions {
  /**
   * PEM file of the CA that signed the servers' certificates; turns TLS on for every connection
   * (each cluster node; for Sentinel, the sentinels and the primary).
   */
  caFile?: string;
}

const HOST_PORT = /^(\[[^\]]+\]|[^:/\s,]*):(\d{1,5})$/;

function hostPort(text: string, what: string): { host: string; port: number } {
  const m = HOST_PORT.exec(text.trim());
  if (!m || Number(m[2]) > 65535)
    throw new WorkConfigError(`${what} must be host:port, got ${JSON.stringify(text)}`);
  return { host: m[1].replace(/^\[(.*)\]$/, '$1') || '127.0.0.1', port: Number(m[2]) };
}

/**
 * Parses an address into what the `redis` option takes. Throws WorkConfigError saying which
 * forms are accepted.
 */
export function redisSourceFromAddress(
  address: string,
  options: RedisAddressOptions = {},
): RedisAddressSource {
  const tls = options.caFile ? { tls: { ca: readFileSync(options.caFile) } } : {};
  const text = address.trim();
  if (/^sentinel:\/\//i.test(text)) return sentinelSource(text, tls);
  const clusterList = /^cluster:\/\//i.test(text)
    ? text.slice('cluster://'.length)
    : text.includes(',')
      ? text
      : null;
  if (clusterList !== null) {
    const nodes = clusterList
      .split(',')
      .filter((n) => n.trim() !== '')
      .map((n) => hostPort(n, 'each cluster node'));
    if (nodes.length === 0)
      throw new WorkConfigError(`a cluster address needs at least one host:port, got "${address}"`);
    const cluster: RedisClusterConfig = { cluster: nodes, options: { redisOptions: { ...tls } } };
    return cluster;
  }
  if (/^rediss?:\/\//i.test(text)) return options.caFile ? { ...parseUrl(text), ...tls } : text;
  const { host, port } = hostPort(
    /^[^:/\s,]+$/.test(text) ? `${text}:6379` : text,
    'a Redis address',
  );
  return options.caFile ? { host, port, ...tls } : `redis://${host}:${port}`;
}

/**
 * `sentinel://h:p,h:p/name`: ioredis' Sentinel options. With a CA file, TLS covers both hops: the
 * sentinels (`sentinelTLS`) and the primary they name (`tls`, which ioredis ignores for that
 * connection unless `enableTLSForSentinelMode` is set).
 */
function sentinelSource(text: string, tls: { tls?: { ca: Buffer } }): RedisAddressSource {
  const m = /^sentinel:\/\/([^/]*)\/([^/\s]+)$/i.exec(text);
  if (!m)
    throw new WorkConfigError(
      `a Sentinel address must be sentinel://host:port,host:port/<master name>, got "${text}"`,
    );
  const sentinels = m[1]
    .split(',')
    .filter((n) => n.trim() !== '')
    .map((n) => hostPort(n, 'each sentinel'));
  if (sentinels.length === 0)
    throw new WorkConfigError(`a Sentinel address needs at least one host:port, got "${text}"`);
  const secure = tls.tls
    ? { tls: tls.tls, sentinelTLS: tls.tls, enableTLSForSentinelMode: true }
    : {};
  return { sentinels, name: decodeURIComponent(m[2]), ...secure };
}

/** The ioredis options of a redis:// URL (host, port, db, username, password, TLS for rediss). */
function parseUrl(url: string): Record<string, unknown> {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
  };
}
