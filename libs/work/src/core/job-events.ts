/**
 * What happens to jobs in a pool, for hooks such as alerting on dead jobs (gocraft has none,
 * #134/#150). Listeners run synchronously on the pool's event loop: keep them quick.
 */
import type { Job } from './job';
import type { WorkLogger } from './logger';

/**
 * The kinds of job events. A timed-out run emits `timedOut` and then its fate (`retry`, `dead`
 * or `dropped`).
 */
export type JobEventType = 'started' | 'succeeded' | 'retry' | 'dead' | 'dropped' | 'timedOut';

/** One job event. */
export interface JobEvent {
  readonly type: JobEventType;
  readonly job: Job;
  /** The failure, for retry, dead, dropped and timedOut. */
  readonly error?: unknown;
  /** For retry: epoch seconds of the next attempt. */
  readonly retryAt?: number;
  /** Milliseconds the run took (succeeded and failures). */
  readonly durationMs?: number;
}

/** Receives job events. */
export type JobEventListener = (event: JobEvent) => void;

/**
 * The listeners of one pool's job events. Listeners may come and go at any time, before or after
 * start(); a job asks `active` before building an event, so a pool nobody listens to builds none.
 */
export class JobEventHub {
  private listeners: readonly JobEventListener[] = [];

  constructor(private readonly logger: WorkLogger) {}

  /** Whether anyone listens. */
  get active(): boolean {
    return this.listeners.length > 0;
  }

  /** Number of listeners. */
  get size(): number {
    return this.listeners.length;
  }

  /** Adds a listener; returns a function that removes it (once). */
  add(listener: JobEventListener): () => void {
    // Copy on write: a listener removed during an emit does not shift the others being called.
    this.listeners = [...this.listeners, listener];
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners = this.listeners.filter((_, j) => j !== i);
    };
  }

  /** Calls every listener; one that throws is logged and does not stop the others. */
  emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.logger.error(`a job event listener threw: ${(err as Error).message}`);
      }
    }
  }
}
