/**
 * What a test file needs to talk to its Redis: the URL of this Jest worker's private server (or
 * REDIS_URL), a fresh namespace per test, and cleanup limited to that namespace.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

/** The Redis URL this Jest worker should use. */
export function testRedisUrl(): string {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const urls = JSON.parse(process.env.WORK_TEST_REDIS_URLS ?? '[]') as string[];
  if (urls.length === 0)
    throw new Error('No test Redis: run the tests through jest (global setup) or set REDIS_URL.');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  return urls[(worker - 1) % urls.length];
}

/** A namespace no other test uses, e.g. `t-enqueue-3f2a9c1b`. */
export function testNamespace(label = 't'): string {
  return `t-${label}-${randomBytes(4).toString('hex')}`;
}

/** A new client on the test Redis; the caller quits it. */
export function testRedis(): Redis {
  return new Redis(testRedisUrl(), { lazyConnect: false, maxRetriesPerRequest: 3 });
}

/** Deletes every key of a namespace (and only those). */
export async function deleteNamespace(redis: Redis, namespace: string): Promise<void> {
  const prefix = namespace.endsWith(':') ? namespace : `${namespace}:`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Polls `check` until it returns true or the deadline passes; fails with `what` on timeout. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Keys only this library writes (ignored by Go peers): the priority it advertises per job name,
 * the dashboard counters and metrics, and the live pools' settings. Tests that compare a namespace
 * with what Go leaves behind drop them.
 */
export function isOurExtraKey(key: string): boolean {
  return (
    /:jobs:.+:priority$/.test(key) ||
    /:stats:(total|s:\d+|m:\d+)$/.test(key) ||
    /:metrics:/.test(key) ||
    /:pool_settings$/.test(key)
  );
}
