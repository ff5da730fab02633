/**
 * Sharded namespaces: one logical namespace spread over N hash-tagged namespaces, each in its own
 * Redis Cluster slot, so one namespace is no longer capped by one shard's CPU. Each shard is a
 * plain gocraft-layout namespace (`{work-0}`, `{work-1}`, ...), so a Go service can serve one.
 */
import { WorkConfigError } from './errors';
import { Keys, uniqueKeyFor } from './keys';
import type { Args } from './job';

/** The most shards a logical namespace may have. */
export const MAX_SHARDS = 1024;

/**
 * The shard namespaces of a logical namespace: `{<base>-0}` .. `{<base>-<n-1>}`. The whole name is
 * the hash tag, so each shard's keys share one slot and different shards hash to different slots.
 */
export function shardNamespaces(base: string, shards: number): string[] {
  if (typeof base !== 'string' || base === '' || /[{}]/.test(base))
    throw new WorkConfigError(
      `sharded namespace must be a non-empty string without "{" or "}", got ${JSON.stringify(base)}`,
    );
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS)
    throw new WorkConfigError(
      `sharded option "shards" must be an integer from 1 to ${MAX_SHARDS}, got ${String(shards)}`,
    );
  return Array.from({ length: shards }, (_, i) => `{${base}-${i}}`);
}

/** 32-bit FNV-1a of a string's UTF-16 code units: cheap, stable across processes and versions. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const NO_NAMESPACE = new Keys('');

/**
 * The shard a unique job belongs to: a hash of its unique key without the namespace (the job name
 * and the key map, or the args), so every enqueuer sends the same job to the same shard and the
 * shard's unique key dedupes it as on one namespace.
 */
export function shardOfUnique(shards: number, jobName: string, key: Args | null): number {
  return fnv1a(uniqueKeyFor(NO_NAMESPACE, jobName, key)) % shards;
}
