/**
 * The fetch loop of a worker pool (spec §6): one fetch at a time asks the batch script for as many
 * jobs as there are idle worker slots, filled down one priority-sampled order, and starts what it
 * gets. While the queues are deep a fetch is narrow (it passes only the head of the order; see
 * fetch-planner.ts); otherwise it is full. Idle pools wake on our enqueuer's announcements and on
 * keyspace notifications of their queues (wake-subscription.ts), and otherwise poll.
 *
 * States (the `state` field; everything else the loop keeps is a timer or a count):
 *
 *   created   built by the pool's start(); nothing is fetched before begin(), so the heartbeat
 *             and known_jobs are written before the first job is taken.
 *   idle      no fetch in flight. The next one is queued for the next turn (`turnQueued`), set on
 *             the poll timer (`pollTimer`), or waits for a finished job, a wake-up or drain().
 *   fetching  the fetch script is in flight (`inFlight`). A wake-up now sets `wakePending`, so
 *             another fetch follows the reply at once.
 *   stopped   nothing schedules a fetch any more. A fetch already in flight still starts the jobs
 *             it returns; stop() waits for it.
 *
 * Transitions:
 *
 *   created  -- begin() ------------------------------------> idle, fetch queued
 *   idle     -- queued turn / poll timer, with idle slots --> fetching
 *   fetching -- reply filled every slot, or a wake-up came -> idle, fetch queued
 *   fetching -- a narrow fetch had fewer jobs than slots ---> idle, fetch queued (a full one)
 *   fetching -- a full fetch had fewer jobs than slots -----> idle, poll timer (pollIntervalMs);
 *                                                             drain() resolves if nothing runs
 *   fetching -- the script failed --------------------------> idle, poll timer (100 ms)
 *   idle     -- a job finishes / wake-up / drain() ---------> idle, fetch queued
 *   fetching -- a job finishes ------------------------------> fetching, fetch queued (it fetches
 *                                                             only if the reply came back first)
 *   any      -- stop() --------------------------------------> stopped
 */
import type Redis from 'ioredis';
import type { Keys } from './keys';
import type { KeyspaceWakeMode } from './keyspace-wake';
import { fetchJobs } from './lua';
import type { Observer } from './observer';
import { handBackRuns, handBackStranded, StrandedJobWatch } from './pool-recovery';
import { FetchPlanner } from './fetch-planner';
import { RunningJobs } from './running-jobs';
import { WakeSubscription } from './wake-subscription';
import { boundedWait } from './bounded-wait';
import {
  decodeFetched,
  JobType,
  malformedDeadMember,
  processJob,
  RunningJob,
  WorkerDeps,
} from './worker';

/** Wait before fetching again after a failed fetch. */
const FETCH_ERROR_DELAY_MS = 100;
/**
 * How long fetches may keep failing before the pool calls itself unhealthy and stops its
 * heartbeat, so other pools reap its jobs. Long enough to ride out a Redis restart or failover;
 * the connection's liveness check (socketTimeout, 10 s) has replaced a stalled socket by then.
 */
export const UNHEALTHY_AFTER_MS = 10_000;

/** The fetch loop's states; see the file header for the transitions. */
export type FetcherState = 'created' | 'idle' | 'fetching' | 'stopped';

/** What a fetcher needs: the job runs' dependencies plus the pool's connection and job types. */
export interface FetcherDeps<C> extends Omit<WorkerDeps<C>, 'running' | 'poolSignal'> {
  /** The pool's connection: fetches, and the wake-up subscription duplicates it. */
  readonly redis: Redis;
  readonly keys: Keys;
  readonly poolId: string;
  readonly types: readonly JobType<C>[];
  /** Worker slots (the pool's concurrency). */
  readonly slots: number;
  /** Milliseconds between fetches while the queues look empty. */
  readonly pollIntervalMs: number;
  /** Where slot activity is reported (worker observations). */
  readonly observer: Observer;
  /** Whether pushes by producers that do not announce them wake the loop (keyspace events). */
  readonly keyspaceWake: KeyspaceWakeMode;
}

/** Owns the fetch loop of one started pool, its worker slots and the jobs running in them. */
export class Fetcher<C> {
  private state: FetcherState = 'created';
  private inFlight: Promise<void> = Promise.resolve();
  private wakePending = false;
  private turnQueued = false;
  private pollTimer: NodeJS.Timeout | null = null;

  private busy = 0;
  /** Free slot indexes; popped lowest first. */
  private readonly freeSlots: number[];
  private readonly runs = new RunningJobs<RunningJob<C>>();
  /** Aborted when stop() passes its deadline: the signal of every job without a timeout. */
  private readonly abort = new AbortController();
  private readonly worker: WorkerDeps<C>;
  private readonly planner: FetchPlanner<C>;
  private idleWaiters: Array<() => void> = [];
  private drainWaiters: Array<() => void> = [];

  private readonly wakeUps: WakeSubscription;
  /** Payloads fetched while reconcileInProgress() looks (base64), or null when it is not looking. */
  private seenWhileChecking: Set<string> | null = null;
  /** When fetches started failing (performance.now()), or null while they succeed. */
  private failingSince: number | null = null;
  private readonly strandedWatch: StrandedJobWatch;
  private readonly onReconnect = () => {
    this.strandedWatch.soon();
    this.wakeUps.reconnected();
  };
  /** Ends every promise chain of the loop: nothing the loop does may reject unhandled. */
  private readonly onLoopError = (err: Error) =>
    this.deps.logger.error(`the fetch loop failed: ${err.message}`);

  constructor(private readonly deps: FetcherDeps<C>) {
    this.worker = { ...deps, running: this.runs, poolSignal: this.abort.signal };
    this.planner = new FetchPlanner(deps.keys, deps.types, deps.poolId);
    this.wakeUps = new WakeSubscription(
      deps,
      () => {
        if (this.state === 'fetching') this.wakePending = true;
        else this.queueFetch();
      },
      () => this.state === 'stopped',
    );
    this.freeSlots = Array.from({ length: deps.slots }, (_, i) => deps.slots - 1 - i);
    this.strandedWatch = new StrandedJobWatch(this, deps.logger);
    deps.acker.flushesThisTurn = () => this.turnQueued;
  }

  /** Jobs running right now. */
  get activeJobs(): number {
    return this.busy;
  }

  /** Where the loop is in its state machine (see the file header). */
  get status(): FetcherState {
    return this.state;
  }

  /** False once fetches have failed for {@link UNHEALTHY_AFTER_MS} without a success. */
  get healthy(): boolean {
    const since = this.failingSince;
    return since === null || performance.now() - since < UNHEALTHY_AFTER_MS;
  }

  /** Subscribes to wake-ups and queues the first fetch. */
  begin(): void {
    if (this.state !== 'created') return;
    this.state = 'idle';
    this.wakeUps.open();
    // After a reconnect, a fetch whose reply was lost (or that ioredis re-sent) may have left jobs
    // in our in-progress list that no worker runs: hand those back.
    this.deps.redis.on('ready', this.onReconnect);
    this.queueFetch();
  }

  /** Resolves once a fetch finds nothing to do and no job is running. */
  drain(): Promise<void> {
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      this.queueFetch();
    });
  }

  /**
   * Hands back jobs sitting in this pool's in-progress lists that this pool neither runs, nor ran
   * while it looked, nor holds an unwritten outcome for; resolves to the number handed back, or
   * null when the loop has stopped.
   *
   * No quiet moment is needed, so a busy pool recovers its stranded jobs at once: everything is on
   * one connection, so every fetch sent before the LRANGE has had its reply handled (its jobs
   * started) before the LRANGE's reply is, and every outcome written before it is gone from the
   * list. A job that finishes while we look was running when we started looking; a job fetched
   * meanwhile is recorded as it starts. A job whose outcome could not be written yet (the write
   * failed and waits for a retry) is done, not stranded: it stays listed until the retry, and a
   * write that keeps failing does not hold up the recovery of the other jobs.
   */
  async reconcileInProgress(): Promise<number | null> {
    const { acker, redis, types } = this.deps;
    if (this.state === 'stopped') return null;
    // The outcomes in flight end up written (gone from the lists) or kept for a retry.
    await acker.flush();
    const seen = new Set<string>();
    const record = (raw: string | Buffer) =>
      seen.add((typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw).toString('base64'));
    // Recorded before the LRANGE as well as after it: an outcome unwritten now may be sent while
    // we look, after the LRANGE, and be in flight (in neither list) once its reply is in.
    for (const raw of acker.unwritten()) record(raw);
    for (const run of this.runs) record(run.job.raw as Buffer);
    this.seenWhileChecking = seen;
    try {
      const lists = await Promise.all(types.map((t) => redis.lrangeBuffer(t.inProgressKey, 0, -1)));
      for (const run of this.runs) record(run.job.raw as Buffer);
      for (const raw of acker.unwritten()) record(raw);
      return await handBackStranded(redis, this.deps.poolId, types, seen, lists, this.deps.logger);
    } finally {
      this.seenWhileChecking = null;
    }
  }

  /**
   * Stops fetching, lets a fetch in flight start its jobs, and waits for running jobs. With
   * `timeoutMs`, jobs still running at the deadline are aborted and handed back to their queues.
   */
  async stop(timeoutMs?: number): Promise<void> {
    const started = performance.now();
    this.state = 'stopped';
    this.clearPoll();
    this.strandedWatch.stop();
    const { redis } = this.deps;
    redis.off('ready', this.onReconnect);
    // With Redis unreachable there is nothing to wait for, and waiting could hang; a stalled
    // connection looks ready, so the wait is bounded by the deadline too.
    if (redis.status === 'ready') await boundedWait(this.inFlight, timeoutMs);
    const left = timeoutMs === undefined ? undefined : timeoutMs - (performance.now() - started);
    if (!(await this.whenIdle(left === undefined ? undefined : Math.max(0, left)))) {
      await handBackRuns(redis, this.deps.poolId, this.runs, this.abort, this.deps.logger);
      // The handed-back jobs' worker hashes must go with the next observation flush, not linger
      // for their 24 h expiry: their handlers may never return to say they are done.
      for (let slot = 0; slot < this.deps.slots; slot++)
        if (!this.freeSlots.includes(slot)) this.deps.observer.done(slot);
    }
  }

  /**
   * Closes the wake-up subscription and releases drain() callers; the last step of a pool stop.
   * With `force` (a stop out of time) the connection is dropped without waiting for Redis.
   */
  async close(force = false): Promise<void> {
    await this.wakeUps.close(force);
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /**
   * Fetches on the next turn of the event loop (once, however often it is asked). Asked while a
   * fetch is in flight, the turn fetches again only if the reply came back in between.
   */
  private queueFetch(): void {
    if (this.turnQueued || this.state === 'created' || this.state === 'stopped') return;
    this.turnQueued = true;
    setImmediate(() => {
      this.turnQueued = false;
      // The outcomes of the jobs that just finished and the fetch that refills their slots go
      // out in one socket write: two writes cost two system calls and two wake-ups of Redis.
      const socket = corkable(this.deps.redis);
      socket?.cork();
      void this.deps.acker.flush();
      this.fetch().catch(this.onLoopError);
      socket?.uncork();
    });
  }

  private setPoll(delayMs: number): void {
    if (this.pollTimer || this.state === 'stopped') return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.fetch().catch(this.onLoopError);
    }, delayMs);
  }

  private clearPoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** One fetch for every idle slot, unless one is in flight already. */
  private fetch(): Promise<void> {
    if (this.state !== 'idle') return this.inFlight;
    this.inFlight = this.fetchOnce();
    return this.inFlight;
  }

  private async fetchOnce(): Promise<void> {
    const { types, acker, logger } = this.deps;
    const idle = this.deps.slots - this.busy;
    if (idle <= 0) return;
    if (types.length === 0) {
      this.resolveDrainIfIdle(0);
      return;
    }
    this.clearPoll();
    this.state = 'fetching';
    this.wakePending = false;
    const request = this.planner.request(idle);
    let got = 0;
    try {
      // Outcomes written before the fetch free their locks first (one connection keeps order).
      void acker.flush();
      const reply = await fetchJobs(this.deps.redis, request.keys, request.argv);
      got = reply.length / 2;
      for (let i = 0; i < reply.length; i += 2)
        this.startJob(reply[i] as Buffer, request.types[(reply[i + 1] as number) - 1]);
    } catch (err) {
      if (this.state === 'fetching') this.state = 'idle';
      this.failingSince ??= performance.now();
      logger.error(`fetching jobs failed: ${(err as Error).message}`);
      this.setPoll(FETCH_ERROR_DELAY_MS);
      return;
    }
    this.failingSince = null;
    // Deep queues keep the fetches narrow; a short reply means the next one must look everywhere.
    this.planner.replied(got, idle);
    if (this.state !== 'fetching') return;
    this.state = 'idle';
    if (got === idle || this.wakePending || request.narrow) this.queueFetch();
    else {
      this.resolveDrainIfIdle(got);
      this.setPoll(this.deps.pollIntervalMs);
    }
  }

  /** Starts a fetched payload in a free slot, or dead-letters it if it is not a valid job. */
  private startJob(raw: Buffer, type: JobType<C>): void {
    this.seenWhileChecking?.add(raw.toString('base64'));
    const job = decodeFetched(raw, type.name);
    if (!(job instanceof Error)) {
      job.raw = raw;
      this.busy++;
      const slot = this.freeSlots.pop() as number;
      const { observer } = this.deps;
      observer.started(slot, job);
      job.checkinSink = { checkin: (j, message) => observer.checkin(slot, j.id, message) };
      processJob(this.worker, type, job, () => this.jobDone(slot));
      return;
    }
    const now = this.deps.clock.nowSeconds();
    this.deps.logger.error(
      `dead-lettered a malformed payload from queue "${type.name}": ${job.message}`,
    );
    this.deps.acker.add(
      type,
      raw,
      'dead',
      now,
      malformedDeadMember(type.name, raw, job.message, now),
    );
  }

  private jobDone(slot: number): void {
    this.deps.observer.done(slot);
    this.freeSlots.push(slot);
    this.busy--;
    if (this.busy === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    this.queueFetch();
  }

  private resolveDrainIfIdle(got: number): void {
    if (got !== 0 || this.busy !== 0 || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters.splice(0);
    const flushed = Promise.all([this.deps.acker.flushAll(), this.deps.observer.flush()]);
    // A failed write is the acknowledger's and observer's to retry; drain() still resolves.
    void flushed
      .catch((err: Error) => this.deps.logger.error(`writing outcomes failed: ${err.message}`))
      .then(() => waiters.forEach((resolve) => resolve()));
  }

  /** Resolves true once no job runs, or false when `timeoutMs` passes first. */
  private whenIdle(timeoutMs?: number): Promise<boolean> {
    if (this.busy === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? null : setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        if (timer) clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/**
 * The connection's socket when it can be corked: a standalone ioredis connection writes each
 * command to it at once. A Cluster routes commands over several sockets and is left alone.
 */
function corkable(redis: Redis): { cork(): void; uncork(): void } | null {
  const stream = (redis as { stream?: { cork?: unknown; writable?: boolean } }).stream;
  return stream && typeof stream.cork === 'function' && stream.writable
    ? (stream as { cork(): void; uncork(): void })
    : null;
}
