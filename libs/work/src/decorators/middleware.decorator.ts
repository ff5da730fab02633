import { SetMetadata } from '@nestjs/common';
import { WORK_MIDDLEWARE_METADATA } from '../work.constants';

/** Options of @Middleware. */
export interface MiddlewareOptions {
  /** Lower runs first (outermost). Middleware with equal order run in discovery order. @default 0 */
  order?: number;
  /** Only wrap these job names. @default every job */
  jobs?: string[];
}

/** What @Middleware records on a method. */
export interface MiddlewareMetadata {
  order: number;
  jobs: string[] | null;
}

/**
 * Marks a provider method as middleware `(job, ctx, next, signal)`: call `await next()` to go
 * on; return without calling it to end the job there. Ordered by `order`, then discovery order
 * (module registration order, then method order in the class).
 * @publicApi
 */
export function Middleware(options: MiddlewareOptions = {}): MethodDecorator {
  return SetMetadata<string, MiddlewareMetadata>(WORK_MIDDLEWARE_METADATA, {
    order: options.order ?? 0,
    jobs: options.jobs ?? null,
  });
}
