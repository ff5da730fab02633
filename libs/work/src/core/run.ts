/**
 * The middleware chain (spec §6.2): middleware run in order, each continuing with `next()`; the
 * handler runs when the chain is exhausted. A middleware that returns without calling `next`
 * ends the job with its own outcome. The first thrown error or rejection is the job's failure.
 */
import { goFormatFloat } from './go-json';
import type { Job } from './job';

/** Continues the chain; resolves when everything after this middleware finished. */
export type NextMiddleware = () => Promise<void>;

/**
 * Processes a job. `ctx` is a fresh object per job, shared with the middleware; `signal` aborts
 * when the job's timeout passes or the pool stops past its deadline. Throw (or reject) to fail.
 */
export type JobHandler<C = Record<string, unknown>, J extends Job = Job> = (
  job: J,
  ctx: C,
  signal: AbortSignal,
) => unknown;

/** Wraps every job of a pool. Call `next()` to continue; skip it to end the job here. */
export type JobMiddleware<C = Record<string, unknown>> = (
  job: Job,
  ctx: C,
  next: NextMiddleware,
  signal: AbortSignal,
) => unknown;

/** Runs `middleware` then `handler` for one job. */
export async function runChain<C>(
  job: Job,
  ctx: C,
  middleware: readonly JobMiddleware<C>[],
  handler: JobHandler<C>,
  signal: AbortSignal,
): Promise<void> {
  let index = 0;
  const next = async (): Promise<void> => {
    if (index < middleware.length) {
      const mw = middleware[index++];
      await mw(job, ctx, next, signal);
      return;
    }
    await handler(job, ctx, signal);
  };
  await next();
}

/**
 * The text gocraft would store for a failure: an Error's message, or the thrown value printed the
 * way Go's %v prints the corresponding value (`42`, `1e+21`, `boom`). A safe integer stands for a
 * Go int; any other number for a float64 (`1e-07`, `1.5e+06`, `+Inf`).
 */
export function failureMessage(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  if (typeof thrown === 'number')
    return Number.isSafeInteger(thrown) ? String(thrown) : goFormatFloat(thrown);
  if (thrown === null || thrown === undefined) return String(thrown);
  if (typeof thrown === 'object') {
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(thrown);
    } catch {
      return String(thrown);
    }
  }
  return String(thrown);
}

/** The stack of a thrown Error, cut to `max` characters; '' for non-Errors. */
export function failureStack(thrown: unknown, max: number): string {
  const stack = thrown instanceof Error ? (thrown.stack ?? '') : '';
  return stack.length > max ? stack.slice(0, max) : stack;
}
