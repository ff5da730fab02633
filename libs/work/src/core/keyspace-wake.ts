/**
 * Wake-ups for jobs pushed by producers that do not announce them (Go's enqueuer, a raw LPUSH),
 * through Redis keyspace notifications: with them on, Redis itself publishes `lpush` on
 * `__keyspace@<db>__:<queue key>` for every push, so an idle pool fetches at once instead of at
 * its next poll. A notification only wakes the fetch loop, which still takes every job through
 * the fetch script; the poll stays as the fallback for lost messages and servers without them.
 */
import type Redis from 'ioredis';
import type { WorkLogger } from './logger';

/**
 * `'auto'`: use keyspace notifications when the server already emits them for lists (its
 * `notify-keyspace-events` holds `K` and `l` or `A`); `'enable'`: also turn them on with
 * CONFIG SET when they are off; `'off'`: poll only.
 */
export type KeyspaceWakeMode = 'auto' | 'enable' | 'off';

/** List events that put a job into a queue (RPOPLPUSH/LMOVE report their push side as these). */
const PUSH_EVENTS = new Set(['lpush', 'rpush', 'linsert']);

/** Whether a keyspace event means a job may have arrived. */
export function isPushEvent(event: string): boolean {
  return PUSH_EVENTS.has(event);
}

/** The keyspace channel of `key` in database `db`. */
export function keyspaceChannel(db: number, key: string): string {
  return `__keyspace@${db}__:${key}`;
}

/** Whether flags of `notify-keyspace-events` publish list events on keyspace channels. */
export function emitsListKeyspaceEvents(flags: string): boolean {
  return flags.includes('K') && (flags.includes('l') || flags.includes('A'));
}

/**
 * Makes sure the server emits what the mode needs; resolves true when pools can rely on
 * keyspace wake-ups. Never throws: a server that refuses CONFIG (managed Redis often renames it)
 * leaves the pool polling, which is logged.
 */
export async function prepareKeyspaceWake(
  redis: Redis,
  mode: KeyspaceWakeMode,
  logger: WorkLogger,
): Promise<boolean> {
  if (mode === 'off') return false;
  let flags: string;
  try {
    const reply = (await redis.config('GET', 'notify-keyspace-events')) as string[];
    flags = reply[1] ?? '';
  } catch (err) {
    const say = mode === 'enable' ? logger.warn : (logger.debug ?? (() => undefined));
    say.call(
      logger,
      `keyspace wake-ups unavailable (CONFIG GET refused: ${(err as Error).message}); jobs from Go producers wait for the poll`,
    );
    return false;
  }
  if (emitsListKeyspaceEvents(flags)) return true;
  if (mode === 'auto') return false;
  const wanted = `${flags.replace(/[Kl]/g, '')}Kl`;
  try {
    await redis.config('SET', 'notify-keyspace-events', wanted);
    logger.log(
      `enabled Redis keyspace notifications for lists (notify-keyspace-events "${flags}" -> "${wanted}") so pools wake on jobs from Go producers`,
    );
    return true;
  } catch (err) {
    logger.warn(
      `keyspaceWake 'enable' could not turn on keyspace notifications (${(err as Error).message}); jobs from Go producers wait for the poll`,
    );
    return false;
  }
}
