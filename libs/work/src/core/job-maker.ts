/**
 * Making the jobs an enqueuer writes: the name and args checked (and a definition's validator run),
 * a fresh id and enqueue time, the run time of a scheduled job, strict-mode checks of args that
 * gocraft's cjson would rewrite, and the JSON bytes.
 */
import {
  cjsonRewriteMessage,
  CjsonRewriteError,
  cjsonRewrites,
  StrictArgsMode,
} from './cjson-check';
import type { Clock } from './clock';
import {
  invalidArgsMessage,
  invalidDelayMessage,
  invalidOptionMessage,
  unencodableArgsMessage,
  WorkConfigError,
} from './errors';
import { makeIdentifier } from './identifier';
import { Args, Job, serializeJob } from './job';
import { JobDefinition, validateArgs } from './job-definition';
import { checkJobName } from './job-name';
import type { WorkLogger } from './logger';

/** Longest delay of a scheduled job, either way: 100 years, so run-at stays a sane epoch. */
export const MAX_DELAY_SECONDS = 100 * 365 * 86400;
/** Distinct (job name, arg path) warnings remembered, so strict mode warns once per place. */
const MAX_STRICT_WARNINGS = 1000;

/** A job waiting in the scheduled set, with the time it is due (Go's ScheduledJob). */
export class ScheduledJob extends Job {
  /** Epoch seconds at which the job moves to its queue. */
  runAt = 0;
}

/** Checks a job name and args before anything is written. */
export function validateJob(name: unknown, args: unknown): asserts name is string {
  checkJobName(name);
  if (args !== null && (typeof args !== 'object' || Array.isArray(args))) {
    throw new WorkConfigError(invalidArgsMessage(name, args));
  }
}

/** The job name and args to write: a definition's validator runs (and may transform) first. */
export function resolveJobTarget(
  target: string | JobDefinition<any>,
  args: Args | null,
): [string, Args | null] {
  if (typeof target === 'string') return [target, args];
  if (target === null || typeof target !== 'object' || typeof target.name !== 'string') {
    throw new WorkConfigError(
      invalidOptionMessage('the job to enqueue', 'a job name or a job definition', target),
    );
  }
  return [target.name, validateArgs(target, args)];
}

/** Makes and encodes one enqueuer's jobs. */
export class JobMaker {
  private readonly strictWarned = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly strictArgs: StrictArgsMode,
    private readonly logger: WorkLogger,
  ) {}

  /** A job to push now. */
  job(name: string, args: Args | null): Job {
    validateJob(name, args);
    this.checkCjson(name, args);
    return new Job({ name, id: makeIdentifier(), enqueuedAt: this.clock.nowSeconds(), args });
  }

  /** A job to schedule `secondsFromNow` seconds from now (negative: already due). */
  scheduled(name: string, secondsFromNow: number, args: Args | null): ScheduledJob {
    if (
      typeof secondsFromNow !== 'number' ||
      !Number.isFinite(secondsFromNow) ||
      Math.abs(secondsFromNow) > MAX_DELAY_SECONDS
    ) {
      throw new WorkConfigError(invalidDelayMessage(name, secondsFromNow, MAX_DELAY_SECONDS));
    }
    validateJob(name, args);
    this.checkCjson(name, args);
    const now = this.clock.nowSeconds();
    const job = new ScheduledJob({ name, id: makeIdentifier(), enqueuedAt: now, args });
    job.runAt = now + Math.trunc(secondsFromNow);
    return job;
  }

  /** The job's JSON bytes; args that cannot be encoded are the caller's error. */
  encode(job: Job): string {
    try {
      return serializeJob(job);
    } catch (err) {
      throw new WorkConfigError(unencodableArgsMessage(job.name, err as Error));
    }
  }

  /** Strict mode: warns about or refuses args cjson would rewrite on a schedule or retry. */
  private checkCjson(name: string, args: Args | null): void {
    if (this.strictArgs === 'off') return;
    const rewrites = cjsonRewrites(args);
    if (rewrites.length === 0) return;
    if (this.strictArgs === 'refuse')
      throw new CjsonRewriteError(cjsonRewriteMessage(name, rewrites));
    const fresh = rewrites.filter((r) => !this.strictWarned.has(`${name}\n${r.path}`));
    if (fresh.length === 0) return;
    if (this.strictWarned.size < MAX_STRICT_WARNINGS)
      for (const r of fresh) this.strictWarned.add(`${name}\n${r.path}`);
    this.logger.warn(cjsonRewriteMessage(name, fresh));
  }
}
