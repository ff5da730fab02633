/**
 * MaxConcurrency is one key per job name that every pool, Go's included, overwrites at start: the
 * last pool to start sets the limit for all (spec §15 B9). This makes the overwrite visible: a
 * pool warns when its start replaces a different value, and notices (with the reaper's pass) when
 * a later pool replaced its own.
 */
import type Redis from 'ioredis';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';

const limitText = (limit: string | number): string =>
  Number(limit) === 0 ? `${limit} (unlimited)` : String(limit);

/** The warning of a pool whose start replaced another pool's limit. */
export function limitReplacedMessage(jobName: string, before: string, after: number): string {
  return (
    `job "${jobName}": this pool set max_concurrency to ${limitText(after)}, replacing ` +
    `${limitText(before)} set by a pool that started earlier. The last pool to start sets the ` +
    `limit for every pool, Go's included: configure the same maxConcurrency wherever "${jobName}" ` +
    `is served (docs/interop.md).`
  );
}

/** The warning of a pool whose limit a later pool replaced. */
export function limitOverwrittenMessage(
  jobName: string,
  configured: number,
  now: string | null,
): string {
  return (
    `job "${jobName}": max_concurrency is now ${limitText(now ?? 0)} in Redis, but this pool ` +
    `configured ${limitText(configured)}; a pool that started later (Go's or ours) replaced it, ` +
    `and every pool now runs "${jobName}" with that limit (docs/interop.md).`
  );
}

/** Sets each limit (gocraft's Start) and warns for each different value it replaced. */
export async function writeLimits(
  redis: Redis,
  keys: Keys,
  limits: ReadonlyMap<string, number>,
  logger: WorkLogger,
): Promise<void> {
  const names = [...limits.keys()];
  const previous = await Promise.all(
    names.map((name) =>
      // SET … GET (Redis 6.2, which pools need anyway) writes and reads back in one command.
      redis.set(keys.maxConcurrency(name), String(limits.get(name)), 'GET'),
    ),
  );
  names.forEach((name, i) => {
    const before = previous[i];
    if (before !== null && Number(before) !== limits.get(name))
      logger.warn(limitReplacedMessage(name, before, limits.get(name)!));
  });
}

/** Compares the stored limits with a pool's own, warning once per change it sees. */
export class LimitWatch {
  /** The value last read per name; at first, what this pool wrote at start. */
  private readonly lastSeen = new Map<string, string | null>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly limits: ReadonlyMap<string, number>,
    private readonly logger: WorkLogger,
  ) {
    for (const [name, limit] of limits) this.lastSeen.set(name, String(limit));
  }

  /** One MGET of the pool's limit keys. */
  async check(): Promise<void> {
    const names = [...this.limits.keys()];
    if (names.length === 0) return;
    const stored = await this.redis.mget(names.map((name) => this.keys.maxConcurrency(name)));
    names.forEach((name, i) => {
      const now = stored[i];
      const configured = this.limits.get(name)!;
      const changed = this.lastSeen.get(name) !== now;
      this.lastSeen.set(name, now);
      if (changed && Number(now ?? 0) !== configured)
        this.logger.warn(limitOverwrittenMessage(name, configured, now));
    });
  }
}
