/**
 * The Client's status reads (spec §8): pool heartbeats, worker observations and queues, each in
 * one pipelined round trip after the membership read, so their cost is O(pools + workers) or
 * O(known job names) whatever the queue lengths.
 */
import type Redis from 'ioredis';
import { enqueuedAtOf, heartbeatOf, intField, observationOf } from './client-decode';
import type { Queue, WorkerObservation, WorkerPoolHeartbeat } from './client-types';
import { resultOf } from './zsets';
import { compareUtf8 } from './go-json';
import type { Keys } from './keys';
import { configuredLimits } from './pool-settings';

/** Every pool in `NSworker_pools`, sorted by id; pools whose hash is gone have zero values. */
export async function readHeartbeats(redis: Redis, keys: Keys): Promise<WorkerPoolHeartbeat[]> {
  const ids = (await redis.smembers(keys.workerPools)).sort(compareUtf8);
  const hashes = await hgetallEach(
    redis,
    ids.map((id) => keys.heartbeat(id)),
  );
  return ids.map((id, i) => heartbeatOf(id, hashes[i]));
}

/** One observation per worker id of every heartbeat, in pool order then sorted worker id. */
export async function readObservations(redis: Redis, keys: Keys): Promise<WorkerObservation[]> {
  const workerIds = (await readHeartbeats(redis, keys)).flatMap((hb) => hb.worker_ids);
  const hashes = await hgetallEach(
    redis,
    workerIds.map((id) => keys.worker(id)),
  );
  return workerIds.map((id, i) => observationOf(id, hashes[i]));
}

/**
 * Every name in `NSknown_jobs`, sorted, with its queue's length, the latency of its oldest job
 * (`now - t`; 0 when that job cannot be read, where gocraft panics) and its pause and
 * concurrency keys, and the priority our pools advertise. Six O(1) reads per name in one pipeline.
 */
export async function readQueues(redis: Redis, keys: Keys, now: number): Promise<Queue[]> {
  const names = (await redis.smembers(keys.knownJobs)).sort(compareUtf8);
  if (names.length === 0) return [];
  const pipe = redis.pipeline();
  for (const name of names) {
    pipe
      .llen(keys.queue(name))
      .lindex(keys.queue(name), -1)
      .exists(keys.paused(name))
      .get(keys.maxConcurrency(name))
      .get(keys.lock(name))
      .get(keys.priority(name));
  }
  pipe.smembers(keys.workerPools).hgetall(keys.poolSettings);
  const reply = await pipe.exec();
  const configured = configuredLimits(
    resultOf(reply, names.length * 6 + 1) as Record<string, string>,
    resultOf(reply, names.length * 6) as string[],
  );
  return names.map((name, i) => {
    const at = (k: number) => resultOf(reply, i * 6 + k);
    const count = at(0) as number;
    const t = count > 0 ? enqueuedAtOf(at(1) as string | null) : null;
    return {
      job_name: name,
      count,
      latency: t === null ? 0 : now - t,
      paused: (at(2) as number) === 1,
      max_concurrency: intField(at(3) as string | null),
      lock: intField(at(4) as string | null),
      priority: at(5) === null ? null : intField(at(5) as string),
      configured_max_concurrency: configured.get(name) ?? [],
    };
  });
}

async function hgetallEach(redis: Redis, keys: string[]): Promise<Record<string, string>[]> {
  if (keys.length === 0) return [];
  const pipe = redis.pipeline();
  for (const key of keys) pipe.hgetall(key);
  const reply = await pipe.exec();
  return keys.map((_, i) => resultOf(reply, i) as Record<string, string>);
}
