/**
 * Giving jobs back to their queues: the running jobs of a pool stopping past its deadline, and
 * jobs stranded in a pool's in-progress lists by a fetch whose reply was lost.
 */
import { WorkError } from './errors';
import type Redis from 'ioredis';
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
  if (redis.status !== 'ready') {
    // Waiting for Redis would hold up the stop; the jobs stay in progress and the reaper returns
    // them once this pool's heartbeat is stale.
    logger.error(
      `stop deadline passed with Redis unreachable: ${pending.length} running job(s) left in progress for the reaper`,
    );
    return;
  }
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
 * Hands back what sits in the pool's in-progress `lists` (one per type, as read) but is not in
 * `running` (base64 payloads the pool ran or started while the lists were read).
 */
export async function handBackStranded<C>(
  redis: Redis,
  poolId: string,
  types: readonly JobType<C>[],
  running: ReadonlySet<string>,
  lists: Buffer[][],
  logger: WorkLogger,
): Promise<number> {
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

/** What {@link StrandedJobWatch} checks: the pool's fetcher. */
export interface InProgressReconciler {
  /** Hands back stranded jobs; null when it must be tried again later. */
  reconcileInProgress(): Promise<number | null>;
}

/**
 * After a reconnect, a fetch whose reply was lost (or that ioredis re-sent, or that timed out on
 * our side and ran later) may leave jobs in the pool's in-progress lists that no worker runs.
 * This asks for a reconciliation every 250 ms until one completes.
 */
export class StrandedJobWatch {
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly target: InProgressReconciler,
    private readonly logger: WorkLogger,
  ) {}

  /** Checks every 250 ms until one check completes. */
  soon(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      this.target
        .reconcileInProgress()
        .then((n) => {
          if (n !== null) this.stop();
        })
        .catch((err: Error) =>
          this.logger.error(`checking in-progress jobs failed: ${err.message}`),
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
