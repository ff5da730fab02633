/**
 * Warns when a job name we enqueue by key is served by a Go pool. gocraft v0.5.1 workers ignore
 * `unique_key`: running a by-key job, they delete the args-based unique key instead (which may
 * belong to another pending unique job, so a later unique enqueue makes a duplicate) and leave the
 * by-key key until its TTL (so later by-key enqueues are refused as duplicates until then).
 */
import type Redis from 'ioredis';
import type { Clock } from './clock';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';
import { foreignPoolsServing } from './pool-settings';

/** How long a name found safe is not looked at again (like the known_jobs cache). */
const RECHECK_SECONDS = 300;

/** The warning for one job name and the Go pools serving it. */
export function byKeyHazardMessage(
  jobName: string,
  pools: Array<{ poolId: string; host: string; pid: string }>,
): string {
  const list = pools.map((p) => `${p.poolId} (host ${p.host}, pid ${p.pid})`).join(', ');
  return (
    `job "${jobName}" is enqueued by key but also served by worker pool(s) ${list} that do not ` +
    `record their settings: Go gocraft/work v0.5.1 pools (or an older version of this library). ` +
    `Such a pool ignores unique_key: running a by-key job it deletes the args-based unique key ` +
    `instead, which another pending unique job may hold, and leaves the by-key key until its TTL. ` +
    `Let only Nest pools serve by-key jobs, or enqueue them with enqueueUnique (docs/interop.md).`
  );
}

/** Looks at most once per name per 5 minutes, off the enqueue's path, and warns once per name. */
export class ByKeyHazardWatch {
  private readonly nextCheck = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly clock: Clock,
    private readonly logger: WorkLogger,
  ) {}

  /** Starts a check of `jobName` if it is due; never throws, never delays the caller. */
  check(jobName: string): void {
    const now = this.clock.nowSeconds();
    if ((this.nextCheck.get(jobName) ?? 0) > now) return;
    this.nextCheck.set(jobName, now + RECHECK_SECONDS);
    void this.look(jobName);
  }

  /** Resolves once the check of `jobName` is done (for tests): true if it warned. */
  async look(jobName: string): Promise<boolean> {
    try {
      const pools = await foreignPoolsServing(this.redis, this.keys, jobName);
      if (pools.length === 0) return false;
      // Once per name for the enqueuer's life: the operator has been told.
      this.nextCheck.set(jobName, Infinity);
      this.logger.warn(byKeyHazardMessage(jobName, pools));
      return true;
    } catch (err) {
      this.logger.debug?.(`by-key check of "${jobName}" failed: ${(err as Error).message}`);
      return false;
    }
  }
}
