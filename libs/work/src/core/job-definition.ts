/**
 * Typed job definitions: one object names a job, fixes the shape of its args for both the
 * enqueuer and the handler (a wrong shape is a compile error), and optionally validates args at
 * run time: at enqueue (rejected before anything is written) and at processing (a payload that
 * fails goes straight to dead with the validation message; retrying it could not help).
 */
import { WorkError } from './errors';
import type { Args, Job } from './job';
import type { JobOptions } from './job-options';

/** Validates args: a function returning the (possibly transformed) args or throwing, or any
 * object with a `parse` method (a zod schema, for instance). */
export type ArgsValidator<A> = ((args: unknown) => A) | { parse(args: unknown): A };

/** A named job with typed args. Create with {@link defineJob}. */
export interface JobDefinition<A extends object = Args> {
  readonly name: string;
  readonly options: JobOptions;
  readonly validate?: ArgsValidator<A>;
  /** Type-level only: carries `A` so enqueue and handler signatures can check it. */
  readonly __args?: A;
}

/**
 * Defines a job. `defineJob<{ address: string }>('send_email', { options: { maxFails: 3 } })`.
 */
export function defineJob<A extends object = Args>(
  name: string,
  config: { options?: JobOptions; validate?: ArgsValidator<A> } = {},
): JobDefinition<A> {
  return Object.freeze({ name, options: config.options ?? {}, validate: config.validate });
}

/** The job name of a definition or plain name. */
export function jobNameOf(job: string | JobDefinition<any>): string {
  return typeof job === 'string' ? job : job.name;
}

/**
 * Throw this from a handler to fail a job for good: it goes to dead (or is dropped with
 * skipDead) at once, whatever attempts remain. Invalid args fail this way.
 */
export class PermanentJobError extends WorkError {
  override readonly name: string = 'PermanentJobError';
}

/** The args do not fit the job's definition; a permanent failure. */
export class JobArgsInvalidError extends PermanentJobError {
  override readonly name = 'JobArgsInvalidError';
}

/** Runs a definition's validator, turning whatever it throws into a JobArgsInvalidError. */
export function validateArgs<A extends object>(definition: JobDefinition<A>, args: unknown): A {
  const validate = definition.validate;
  if (!validate) return args as A;
  try {
    return typeof validate === 'function' ? validate(args) : validate.parse(args);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new JobArgsInvalidError(`args of job "${definition.name}" are invalid: ${message}`);
  }
}

/** A job whose args have the definition's type. */
export type TypedJob<A extends object> = Job & { args: A };
