/**
 * What a worker pool runs: job types, middleware, periodic schedules and job-event listeners,
 * registered before start() (gocraft's Job, JobWithOptions, Middleware, PeriodicallyEnqueue).
 * The pool owns one, forwards its public registration methods to it and reads it at start();
 * the registry itself is no part of the public surface.
 */
import { parseCronSpec } from './cron';
import {
  WorkConfigError,
  duplicateJobMessage,
  invalidOptionMessage,
  registerAfterStartMessage,
} from './errors';
import { JobDefinition, jobNameOf } from './job-definition';
import { checkJobName } from './job-name';
import { JobEventHub } from './job-events';
import { JobOptions, resolveJobOptions } from './job-options';
import { makeJobType } from './job-types';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';
import type { JobHandler, JobMiddleware } from './run';
import type { JobType } from './worker';

/** The fetch script encodes each job type's index in one byte. */
const MAX_JOB_TYPES = 255;

/** The registrations of one pool, checked as they are made. */
export class JobRegistry<C> {
  /** The job types, in registration order (a type's index is its byte in the fetch script). */
  readonly types: JobType<C>[] = [];
  readonly middleware: JobMiddleware<C>[] = [];
  readonly periodic: Array<{ spec: string; jobName: string }> = [];
  readonly events: JobEventHub;
  private readonly byName = new Map<string, JobType<C>>();

  /** `started` tells whether the pool runs: registering is refused then. */
  constructor(
    private readonly keys: Keys,
    private readonly poolId: string,
    logger: WorkLogger,
    private readonly started: () => boolean,
  ) {
    this.events = new JobEventHub(logger);
  }

  /** Registers the handler of a job name (see WorkerPool.job). */
  job(
    target: string | JobDefinition<any>,
    handler: JobHandler<C, any>,
    extra: JobOptions = {},
  ): void {
    const name = jobNameOf(target);
    const options = typeof target === 'string' ? extra : { ...target.options, ...extra };
    if (this.started()) throw new WorkConfigError(registerAfterStartMessage(`job "${name}"`));
    checkJobName(name);
    if (this.byName.has(name)) throw new WorkConfigError(duplicateJobMessage(name));
    if (this.types.length === MAX_JOB_TYPES) {
      throw new WorkConfigError(
        `a worker pool handles at most ${MAX_JOB_TYPES} job names; split "${name}" and the rest over several pools`,
      );
    }
    if (typeof handler !== 'function') {
      throw new WorkConfigError(
        invalidOptionMessage(`handler of job "${name}"`, 'a function', typeof handler),
      );
    }
    const type = makeJobType(
      this.keys,
      this.poolId,
      target,
      handler,
      resolveJobOptions(name, options),
    );
    this.types.push(type);
    this.byName.set(name, type);
  }

  /** Adds a periodic schedule (see WorkerPool.periodicallyEnqueue); an invalid spec throws now. */
  periodicallyEnqueue(spec: string, jobName: string): void {
    if (this.started())
      throw new WorkConfigError(registerAfterStartMessage(`periodic job "${jobName}"`));
    checkJobName(jobName);
    parseCronSpec(spec);
    this.periodic.push({ spec, jobName });
  }

  /** Appends a middleware (see WorkerPool.use). */
  use(middleware: JobMiddleware<C>): void {
    if (this.started()) throw new WorkConfigError(registerAfterStartMessage('middleware'));
    if (typeof middleware !== 'function') {
      throw new WorkConfigError(
        invalidOptionMessage('middleware', 'a function', typeof middleware),
      );
    }
    this.middleware.push(middleware);
  }

  /** Names of the registered jobs, sorted. */
  get jobNames(): string[] {
    return this.types.map((t) => t.name).sort();
  }
}
