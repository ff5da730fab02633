/**
 * Giving jobs back to their queues: the running jobs of a pool stopping past its deadline, and
 * jobs stranded in a pool's in-progress lists by a fetch whose reply was lost.
 */
import { WorkError } from './errors';
import type Redis from 'ioredis';
import type { Acknowledger } from './acknowledger';
import { handBack } from './lua';
import type { WorkLogger } from './logger';
import type { JobType, RunningJob } from './worker';

/** The error a job's signal aborts with when the pool stops past its deadline. */
export class PoolStoppingError extends WorkError {
  override readonly name = 'PoolStoppingError';
}

/** Aborts the unsettled runs and puts their jobs back at the front of their queues, atomically. */
export async function handBackRuns<C>(
  redis: Redis,
  poolId: string,
  runs: Iterable<RunningJob<C>>,
  poolAbort: AbortController,
  logger: WorkLogger,
): Promise<void> {
  // Newest first, so that after the RPUSHes the oldest-fetched job is the next to run.
  const pending = [...runs].filter((r) => !r.settled).reverse();
  if (pending.length === 0) return;
  const reason = new PoolStoppingError(
    'the worker pool stopped before this job finished; it was handed back to its queue',
  );
  for (const run of pending) run.settled = true;
  // Jobs without a timeout share the pool's signal; the others follow it through AbortSignal.any.
  poolAbort.abort(reason);
  try {
    const n = await handBackJobs(
      redis,
      poolId,
      pending.map((run) => [run.type, run.job.raw as Buffer]),
    );
    logger.warn(`stop deadline passed: handed ${n} running job(s) back to their queues`);
  } catch (err) {
    logger.error(
      `handing running jobs back failed (the reaper will requeue them): ${(err as Error).message}`,
    );
  }
}

/**
 * Hands back what sits in the pool's in-progress `lists` (one per type, as read) but is not
 * running. The caller reads the lists at a quiet moment, so nothing listed is about to finish.
 */
export async function handBackStranded<C>(
  redis: Redis,
  poolId: string,
  types: readonly JobType<C>[],
  runs: Iterable<RunningJob<C>>,
  lists: Buffer[][],
  logger: WorkLogger,
): Promise<number> {
  const running = new Set([...runs].map((r) => (r.job.raw as Buffer).toString('base64')));
  const stranded: Array<[JobType<C>, Buffer]> = [];
  lists.forEach((list, i) => {
    for (const raw of [...list].reverse())
      if (!running.has(raw.toString('base64'))) stranded.push([types[i], raw]);
  });
  if (stranded.length === 0) return 0;
  const n = await handBackJobs(redis, poolId, stranded);
  if (n > 0)
    logger.warn(`handed back ${n} job(s) left in this pool's in-progress lists after a lost reply`);
  return n;
}

/** Runs the hand-back script for jobs given newest first; resolves to how many were in progress. */
function handBackJobs<C>(
  redis: Redis,
  poolId: string,
  jobs: Array<[JobType<C>, Buffer]>,
): Promise<number> {
  const keys = jobs.flatMap(([t]) => [t.inProgressKey, t.queueKey, t.lockKey, t.lockInfoKey]);
  return handBack(redis, keys, [poolId, ...jobs.map(([, raw]) => raw)]);
}

/** What {@link StrandedJobWatch} reads from its pool (getters: the pool's state changes). */
export interface StrandedWatchHost<C> {
  /** The connection while the pool runs, else null. */
  redis(): Redis | null;
  fetching(): boolean;
  acker(): Acknowledger | null;
  types(): readonly JobType<C>[];
  runs(): Iterable<RunningJob<C>>;
  readonly poolId: string;
  logger(): WorkLogger;
}

/**
 * After a reconnect, a fetch whose reply was lost (or that ioredis re-sent) may leave jobs in the
 * pool's in-progress lists that no worker runs. This looks for them at a quiet moment and hands
 * them back; it retries every 250 ms until it gets one (on a busy pool, when the queues run dry).
 */
export class StrandedJobWatch<C> {
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(private readonly host: StrandedWatchHost<C>) {}

  /** One check; null when the moment was not quiet. */
  async check(): Promise<number | null> {
    const { host } = this;
    const redis = host.redis();
    const acker = host.acker();
    if (!redis || !acker || host.fetching() || acker.pending > 0) return null;
    await acker.flush();
    const outcomes = acker.added;
    const types = host.types();
    const lists = await Promise.all(types.map((t) => redis.lrangeBuffer(t.inProgressKey, 0, -1)));
    // A job that finished meanwhile may still be listed; only a quiet moment gives a true picture.
    if (host.fetching() || acker.added !== outcomes) return null;
    return handBackStranded(redis, host.poolId, types, host.runs(), lists, host.logger());
  }

  /** Checks every 250 ms until one check completes. */
  soon(): void {
    if (this.timer || !this.host.redis()) return;
    this.timer = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      this.check()
        .then((n) => {
          if (n !== null || !this.host.redis()) this.stop();
        })
        .catch((err: Error) =>
          this.host.logger().error(`checking in-progress jobs failed: ${err.message}`),
        )
        .finally(() => (this.checking = false));
    }, 250);
  }

  /** Stops checking. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
