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
  /** Each added listener once per add(), with whether it hears 'started'. */
  private entries: readonly ListenerEntry[] = [];
  /** How many entries hear 'started'. */
  private startedListeners = 0;

  constructor(private readonly logger: WorkLogger) {}

  /** Whether anyone listens. */
  get active(): boolean {
    return this.entries.length > 0;
  }

  /** Whether anyone listens to 'started': only then is that event built, once per job. */
  get wantsStarted(): boolean {
    return this.startedListeners > 0;
  }

  /** Number of listeners. */
  get size(): number {
    return this.entries.length;
  }

  /**
   * Adds a listener; returns a function that removes it (once). With `started: false` the listener
   * never needs 'started' events (the pool's own log and metrics listeners), so a pool whose only
   * listeners are such does not build one per job.
   */
  add(listener: JobEventListener, options: { started?: boolean } = {}): () => void {
    const entry: ListenerEntry = { listener, started: options.started !== false };
    // Copy on write: a listener removed during an emit does not shift the others being called.
    this.entries = [...this.entries, entry];
    if (entry.started) this.startedListeners++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.entries = this.entries.filter((e) => e !== entry);
      if (entry.started) this.startedListeners--;
    };
  }

  /** Calls every listener; one that throws is logged and does not stop the others. */
  emit(event: JobEvent): void {
    const started = event.type === 'started';
    for (const entry of this.entries) {
      if (started && !entry.started) continue;
      try {
        entry.listener(event);
      } catch (err) {
        this.logger.error(`a job event listener threw: ${(err as Error).message}`);
      }
    }
  }
}

interface ListenerEntry {
  readonly listener: JobEventListener;
  readonly started: boolean;
}
