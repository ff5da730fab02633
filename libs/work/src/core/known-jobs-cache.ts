/**
 * Which job names an enqueuer added to `known_jobs` lately. gocraft's enqueuer skips the SADD for
 * 300 s after it made one; so do we, so an enqueue of a known name is a single push.
 */
import type { Clock } from './clock';

/** How long a name stays cached as already in `known_jobs` (gocraft: 300 s). */
const KNOWN_JOBS_CACHE_SECONDS = 300;

/** One enqueuer's cache of names it added to `known_jobs`. */
export class KnownJobsCache {
  private readonly knownUntil = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** The names not added within the last 300 s: the SADD must carry them. */
  stale(names: string[]): string[] {
    const now = this.clock.nowSeconds();
    return names.filter((n) => (this.knownUntil.get(n) ?? 0) <= now);
  }

  /** Records that `names` were just added. */
  added(names: string[]): void {
    const until = this.clock.nowSeconds() + KNOWN_JOBS_CACHE_SECONDS;
    for (const n of names) this.knownUntil.set(n, until);
  }
}
