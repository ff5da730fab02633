/**
 * Runs one fetched job and decides its fate (spec §6.5): success releases it; a failure goes to
 * retry with backoff while attempts remain, then to dead (or is dropped with skipDead). A payload
 * that is not a valid job for its queue goes straight to dead, with its lock released (B1 fix).
 */
import { isUtf8 } from 'node:buffer';
import { WorkError } from './errors';
import type { Acknowledger, AckTarget } from './acknowledger';
import { defaultBackoff } from './backoff';
import type { Clock } from './clock';
import { timeoutMessage } from './errors';
import { makeIdentifier } from './identifier';
import { Job, JobFields, MalformedJobError, MAX_STACK_CHARS, parseJob, serializeJob } from './job';
import { PermanentJobError } from './job-definition';
import type { JobEvent, JobEventHub } from './job-events';
import type { ResolvedJobOptions } from './job-options';
import { type Keys, uniqueKeyFor } from './keys';
import type { WorkLogger } from './logger';
import { failureMessage, failureStack, JobHandler, JobMiddleware, runChain } from './run';
import type { TimerWheel } from './timer-wheel';
import type { JobTracer } from './job-tracer';
import type { RunningJobs } from './running-jobs';

/** A registered job type with its precomputed keys. */
export interface JobType<C> extends AckTarget {
  readonly name: string;
  readonly handler: JobHandler<C>;
  readonly options: ResolvedJobOptions;
  readonly priority: number;
  readonly queueKey: string;
}

/** The error a job fails with when its timeout passes; it is also the AbortSignal's reason. */
export class JobTimeoutError extends WorkError {
  override readonly name = 'JobTimeoutError';
}

/** Everything a worker needs from its pool. */
export interface WorkerDeps<C> {
  readonly keys: Keys;
  readonly acker: Acknowledger;
  readonly clock: Clock;
  readonly logger: WorkLogger;
  readonly wheel: TimerWheel;
  readonly middleware: readonly JobMiddleware<C>[];
  readonly newContext: () => C;
  /** Counts outcomes for the dashboard's processed/failed series. */
  readonly stats: { processed: number; failed: number };
  /** Aborted when the pool stops past its deadline; the signal of jobs without a timeout. */
  readonly poolSignal: AbortSignal;
  /** The runs in progress, so the pool can abort and hand them back at a stop deadline. */
  readonly running: RunningJobs<RunningJob<C>>;
  /** The pool's job-event listeners; events are built only while it is active. */
  readonly events: JobEventHub;
  /** Wraps each run in a consumer span, when tracing is on and @opentelemetry/api installed. */
  readonly tracer: JobTracer | null;
}

/** A job being run: what a stop deadline needs to abort it and hand it back. */
export interface RunningJob<C> {
  readonly type: JobType<C>;
  readonly job: Job;
  /** The job's own controller when it has a timeout; otherwise its signal is the pool's. */
  readonly controller: AbortController | null;
  /** Set once the outcome is decided (or the job was handed back): later results are ignored. */
  settled: boolean;
  /** Its place in the pool's {@link RunningJobs}, and when it was added there. */
  slotIndex: number;
  listedOrder: number;
}

/** Builds the dead-set entry for bytes that are not a valid job of `queueName`. */
export function malformedDeadMember(
  queueName: string,
  raw: Buffer,
  reason: string,
  now: number,
): string {
  const text = raw.toString('utf8');
  const args: Record<string, string> = { payload: text };
  // Keep the exact bytes when the text form cannot carry them (invalid UTF-8).
  if (!Buffer.from(text, 'utf8').equals(raw)) args.payload_base64 = raw.toString('base64');
  return serializeJob({
    name: queueName,
    id: makeIdentifier(),
    enqueuedAt: now,
    args,
    fails: 1,
    lastErr: `malformed job payload in queue "${queueName}": ${reason}`,
    failedAt: now,
  });
}

/** Decodes a fetched payload, or returns why it is unusable for the queue it came from. */
export function decodeFetched(raw: Buffer, queueName: string): Job | MalformedJobError {
  let job: Job;
  try {
    job = parseJob(raw);
  } catch (err) {
    return err instanceof MalformedJobError ? err : new MalformedJobError(String(err));
  }
  if (job.name !== queueName) {
    return new MalformedJobError(
      `job name ${JSON.stringify(job.name)} does not match its queue "${queueName}"`,
    );
  }
  return job;
}

/**
 * Runs a job through the middleware and handler, enforcing its timeout, and queues its outcome.
 * Calls `done` once the handler has settled (even past a timeout), so the slot is only freed then.
 *
 * Plain callbacks rather than an async function: a handler that returns without a promise (and
 * a pool without middleware) settles without a single promise, which halves what a no-op job
 * allocates and so how often the worker collects garbage.
 */
export function processJob<C>(
  deps: WorkerDeps<C>,
  type: JobType<C>,
  job: Job,
  done: () => void,
): void {
  // A controller per job only when a timeout needs one: creating it costs ~9% of a no-op job.
  const timeoutMs = type.options.timeoutMs;
  const controller = timeoutMs > 0 ? new AbortController() : null;
  const signal = controller
    ? AbortSignal.any([controller.signal, deps.poolSignal])
    : deps.poolSignal;
  const run: RunningJob<C> = {
    type,
    job,
    controller,
    settled: false,
    slotIndex: -1,
    listedOrder: 0,
  };
  deps.running.add(run);
  // Never throws: it runs from a timer and from the end of the run, where a throw would become
  // an uncaught exception or an unhandled rejection that ends the host process.
  const settle = (thrown: unknown, failed: boolean) => {
    if (run.settled) return;
    run.settled = true;
    try {
      traced?.end(failed, thrown);
      const listening = deps.events.active;
      const event = finishJob(
        deps,
        type,
        job,
        uniqueKey,
        failed ? thrown : null,
        failed,
        listening,
      );
      if (failed) deps.stats.failed++;
      else deps.stats.processed++;
      if (!event) return;
      const durationMs = Date.now() - startedMs;
      if (thrown instanceof JobTimeoutError)
        deps.events.emit({ type: 'timedOut', job, error: thrown, durationMs });
      deps.events.emit(withDuration(event, durationMs));
    } catch (err) {
      deps.logger.error(
        `recording the outcome of job "${type.name}" (${job.id}) failed: ${failureMessage(err)}`,
      );
    }
  };
  // The handler has returned or its promise settled: record the outcome, then free the slot.
  let finished = false;
  const finish = (thrown: unknown, failed: boolean) => {
    if (finished) return;
    finished = true;
    settle(thrown, failed);
    if (deadline) deps.wheel.cancel(deadline);
    deps.running.delete(run);
    done();
  };
  const startedMs = Date.now();
  // Decided before the handler runs: middleware and handlers may change job.args (Go does the same).
  const uniqueKey = job.unique ? uniqueKeyOf(deps.keys, job) : null;
  if (deps.events.wantsStarted) deps.events.emit({ type: 'started', job });
  const traced = deps.tracer?.run(job) ?? null;
  const deadline = controller
    ? deps.wheel.schedule(timeoutMs, () => {
        const err = new JobTimeoutError(timeoutMessage(type.name, timeoutMs));
        controller.abort(err);
        settle(err, true);
      })
    : null;
  const ctx = deps.newContext();
  const invoke = (): unknown =>
    deps.middleware.length === 0
      ? type.handler(job, ctx, signal)
      : runChain(job, ctx, deps.middleware, type.handler, signal);
  let result: unknown;
  try {
    result = traced ? traced.within(invoke) : invoke();
    if (!isThenable(result)) {
      finish(null, false);
      return;
    }
    result.then(
      () => finish(null, false),
      (err: unknown) => finish(err, true),
    );
  } catch (err) {
    // A synchronous throw, or a thenable whose then() threw: the job failed and is over.
    finish(err, true);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The outcome event with its run time; the event is fresh, so it is completed in place. */
function withDuration(event: JobEvent, durationMs: number): JobEvent {
  (event as { durationMs?: number }).durationMs = durationMs;
  return event;
}

/**
 * Queues the acknowledgement of a finished run; with `describe`, also returns the event saying
 * what happened (nobody listening, nothing is built).
 */
function finishJob<C>(
  deps: WorkerDeps<C>,
  type: JobType<C>,
  job: Job,
  uniqueKey: string | null,
  thrown: unknown,
  failed: boolean,
  describe: boolean,
): JobEvent | null {
  const bytes = job.raw as Buffer;
  const raw = ackPayload(bytes);
  if (!failed) {
    deps.acker.add(type, raw, 'ok', 0, '', uniqueKey);
    return describe ? { type: 'succeeded', job } : null;
  }
  const now = deps.clock.nowSeconds();
  job.fails += 1;
  job.lastErr = failureMessage(thrown);
  job.failedAt = now;
  job.errStack = failureStack(thrown, MAX_STACK_CHARS);
  // A failed copy holds no unique key any more: it must not delete a newer duplicate's key later.
  job.unique = false;
  job.uniqueKey = '';
  const opts = type.options;
  // A permanent failure (invalid args, or the handler said so) is not worth another attempt.
  const encoded = encodeFailed(job, bytes);
  const retryable = typeof encoded === 'string' && !(thrown instanceof PermanentJobError);
  if (retryable && opts.maxFails - job.fails > 0) {
    const retryAt = now + retryDelay(deps, type, job);
    deps.acker.add(type, raw, 'retry', retryAt, encoded, uniqueKey);
    return describe ? { type: 'retry', job, error: thrown, retryAt } : null;
  }
  if (opts.skipDead) {
    deps.acker.add(type, raw, 'drop', 0, '', uniqueKey);
    return describe ? { type: 'dropped', job, error: thrown } : null;
  }
  if (typeof encoded !== 'string') {
    deps.logger.error(`job "${type.name}" (${job.id}) went to dead: ${encoded.lastErr}`);
    deps.acker.add(type, raw, 'dead', now, serializeJob(encoded), uniqueKey);
    return describe ? { type: 'dead', job, error: thrown } : null;
  }
  deps.acker.add(type, raw, 'dead', now, encoded, uniqueKey);
  return describe ? { type: 'dead', job, error: thrown } : null;
}

/**
 * The fetched bytes as the acknowledgement sends them back for LREM: as text when they are valid
 * UTF-8 (text re-encodes to exactly those bytes), so the whole ack command is built as one string;
 * a single Buffer argument makes ioredis encode every argument apart, which cost ~15% of a no-op
 * job. Other bytes stay a Buffer.
 */
function ackPayload(raw: Buffer): Buffer | string {
  return isUtf8(raw) ? raw.toString('utf8') : raw;
}

/**
 * The failed job's new bytes, or, when its args can no longer be encoded (the handler made them
 * cyclic or NaN, or a producer nested them too deep), a dead entry that keeps the bytes it was
 * fetched as in `args.payload`: nothing is lost and the error says why it cannot be retried.
 */
function encodeFailed(job: Job, raw: Buffer): string | JobFields {
  try {
    return serializeJob(job);
  } catch (err) {
    const text = raw.toString('utf8');
    const args: Record<string, string> = { payload: text };
    if (!Buffer.from(text, 'utf8').equals(raw)) args.payload_base64 = raw.toString('base64');
    return {
      name: job.name,
      id: job.id,
      enqueuedAt: job.enqueuedAt,
      args,
      fails: job.fails,
      lastErr: `${job.lastErr}; not retried: its args cannot be encoded as JSON any more (${failureMessage(err)}), so args.payload holds the job as it was fetched`,
      failedAt: job.failedAt,
      errStack: job.errStack,
    };
  }
}

/** Seconds until the retry: the job type's backoff, or gocraft's default if it has none or it throws. */
function retryDelay<C>(deps: WorkerDeps<C>, type: JobType<C>, job: Job): number {
  const custom = type.options.backoff;
  if (custom) {
    try {
      const seconds = custom(job);
      if (typeof seconds === 'number' && Number.isFinite(seconds))
        return Math.max(0, Math.round(seconds));
      deps.logger.error(
        `backoff of job "${type.name}" returned ${String(seconds)}; using the default backoff`,
      );
    } catch (err) {
      deps.logger.error(
        `backoff of job "${type.name}" threw (${failureMessage(err)}); using the default backoff`,
      );
    }
  }
  return defaultBackoff(job);
}

/** The key a unique job holds: its recorded `unique_key`, else recomputed from its args as Go does. */
function uniqueKeyOf(keys: Keys, job: Job): string | null {
  if (job.uniqueKey) return job.uniqueKey;
  try {
    return uniqueKeyFor(keys, job.name, job.args);
  } catch {
    return null;
  }
}
