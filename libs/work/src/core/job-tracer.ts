/**
 * What the engine asks of a tracer, in types of our own: the OpenTelemetry implementation
 * (tracing.ts) is built on `@opentelemetry/api`, an optional peer that the public declarations
 * must not name, or apps without it would fail to type-check.
 */
import type { Job } from './job';

/** The instrumentation scope our spans carry. */
export const TRACER_NAME = 'nestjs-gocraft-work';

/** A span in progress, ended with the outcome. */
export interface TracedRun {
  /** Runs `fn` with the span as the active one, so the handler's own spans nest under it. */
  within<T>(fn: () => T): T;
  /** Ends the span, recording `error` when the run failed. */
  end(failed: boolean, error?: unknown): void;
}

/** Starts our spans; build with `jobTracer` (tracing.ts). */
export interface JobTracer {
  /**
   * Runs `write` inside a producer span for `jobs` (one span for a bulk enqueue), after storing
   * the span's context in each job's `traceContext` so the runs continue this trace.
   */
  produce<T>(operation: string, jobs: Job[], write: () => Promise<T>): Promise<T>;
  /**
   * Starts the consumer span of one run: a child of the enqueuer's span when the job carries a
   * context, else a new root (a job from a Go producer, or enqueued without tracing).
   */
  run(job: Job): TracedRun;
}
