import { SetMetadata } from '@nestjs/common';
import type { Args, Job as CoreJob, JobDefinition, JobOptions } from '../core';
import { WORK_JOB_METADATA } from '../work.constants';

/** What @Job records on a method. */
export interface JobMetadata {
  job: string | JobDefinition<any>;
  options: JobOptions;
}

/**
 * Marks a provider method as the handler of a job. The method receives `(job, ctx, signal)`: the
 * job (typed by a definition), the per-job context shared with middleware, and an AbortSignal
 * that fires at the job's timeout or a shutdown deadline.
 *
 * `@Job('send_email', { maxFails: 3 })` or `@Job(sendEmailDefinition)`.
 * @publicApi
 */
export function Job(job: string | JobDefinition<any>, options: JobOptions = {}): MethodDecorator {
  return SetMetadata<string, JobMetadata>(WORK_JOB_METADATA, { job, options });
}

/**
 * The job a handler receives (the engine's Job), typed by its args. Shares its name with the
 * decorator so `import { Job } from 'nestjs-gocraft-work'` serves both `@Job(...)` and `job: Job`.
 */
export type Job<A extends object | null = Args | null> = CoreJob & { args: A };
