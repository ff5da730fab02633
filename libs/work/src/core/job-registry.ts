/**
 * What a worker pool runs: job types, middleware, periodic schedules and job-event listeners,
 * registered before start() (gocraft's Job, JobWithOptions, Middleware, PeriodicallyEnqueue).
 */
import { parseCronSpec } from './cron';
import {
  WorkConfigError,
  duplicateJobMessage,
  invalidOptionMessage,
  registerAfterStartMessage,
} from './errors';
import { makeIdentifier } from './identifier';
import { JobDefinition, jobNameOf, TypedJob } from './job-definition';
import { checkJobName } from './job-name';
import { JobEventHub, JobEventListener } from './job-events';
import { JobOptions, resolveJobOptions } from './job-options';
import { makeJobType } from './job-types';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';
import type { JobHandler, JobMiddleware } from './run';
import type { JobType } from './worker';

/** The fetch script encodes each job type's index in one byte. */
const MAX_JOB_TYPES = 255;

export abstract class JobRegistry<C> {
  /** This pool's id (24 hex), used in in-progress keys and lock_info. */
  readonly poolId = makeIdentifier();
  protected readonly types: JobType<C>[] = [];
  protected readonly byName = new Map<string, JobType<C>>();
  protected readonly middleware: JobMiddleware<C>[] = [];
  protected readonly periodic: Array<{ spec: string; jobName: string }> = [];
  protected readonly events: JobEventHub;
  protected started = false;

  constructor(
    protected readonly keys: Keys,
    protected readonly logger: WorkLogger,
  ) {
    this.events = new JobEventHub(logger);
  }

  /**
   * Registers the handler of a job name, with options (gocraft's JobWithOptions). With a job
   * definition, its options apply (overridden by `options`) and its validator checks each job's
   * args first: a job that fails it goes straight to dead with the validation message.
   */
  job<A extends object>(
    definition: JobDefinition<A>,
    handler: JobHandler<C, TypedJob<A>>,
    options?: JobOptions,
  ): this;
  job(name: string, handler: JobHandler<C>, options?: JobOptions): this;
  job(
    target: string | JobDefinition<any>,
    handler: JobHandler<C, any>,
    extra: JobOptions = {},
  ): this {
    const name = jobNameOf(target);
    const options = typeof target === 'string' ? extra : { ...target.options, ...extra };
    if (this.started) throw new WorkConfigError(registerAfterStartMessage(`job "${name}"`));
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
    return this;
  }

  /**
   * Enqueues `jobName` (args null) whenever `spec` fires, in gocraft's cron dialect (seconds
   * first). Like gocraft it registers no handler: register the job too, here or in another pool.
   * An invalid spec throws now.
   */
  periodicallyEnqueue(spec: string, jobName: string): this {
    if (this.started)
      throw new WorkConfigError(registerAfterStartMessage(`periodic job "${jobName}"`));
    checkJobName(jobName);
    parseCronSpec(spec);
    this.periodic.push({ spec, jobName });
    return this;
  }

  /** Appends a middleware; middleware run for every job in registration order. */
  use(middleware: JobMiddleware<C>): this {
    if (this.started) throw new WorkConfigError(registerAfterStartMessage('middleware'));
    if (typeof middleware !== 'function') {
      throw new WorkConfigError(
        invalidOptionMessage('middleware', 'a function', typeof middleware),
      );
    }
    this.middleware.push(middleware);
    return this;
  }

  /**
   * Calls `listener` for every job event of this pool (started, succeeded, retry, dead, dropped,
   * timedOut); returns a function that removes it. Listeners may be added at any time: one added
   * while a job runs hears from the next event on. With no listener, no event is built.
   */
  onJobEvent(listener: JobEventListener): () => void {
    return this.events.add(listener);
  }

  /** Number of job-event listeners (events are built only when there is at least one). */
  get jobEventListenerCount(): number {
    return this.events.size;
  }

  /** Names of the registered jobs, sorted. */
  get jobNames(): string[] {
    return this.types.map((t) => t.name).sort();
  }
}
