/** Job events of this module's pool as an RxJS stream. */
import { Inject, Injectable } from '@nestjs/common';
import { Observable, share } from 'rxjs';
import type { JobEvent, WorkerPoolApi } from './core';
import { WORK_POOL } from './work.constants';

/**
 * Every job event of the pool (started, succeeded, retry, dead, dropped, timedOut):
 * `events.events$.pipe(filter((e) => e.type === 'dead'))`. Subscribe at any time. However many
 * subscribers (and `@OnJobEvent` methods, which subscribe here too), the pool has one listener,
 * and none while nobody subscribes, so a pool nobody watches builds no events. Handlers run on the
 * pool's event loop. The stream completes when the application shuts down.
 * @publicApi
 */
@Injectable()
export class WorkEvents {
  private closed = false;
  private readonly completers = new Set<() => void>();
  /** The stream of job events. */
  readonly events$: Observable<JobEvent>;

  constructor(@Inject(WORK_POOL) pool: WorkerPoolApi<any>) {
    this.events$ = new Observable<JobEvent>((subscriber) => {
      if (this.closed) {
        subscriber.complete();
        return;
      }
      const complete = () => subscriber.complete();
      this.completers.add(complete);
      const remove = pool.onJobEvent((event) => subscriber.next(event));
      return () => {
        remove();
        this.completers.delete(complete);
      };
    }).pipe(share());
  }

  /** @internal Completes the stream for every subscriber (at shutdown). */
  complete(): void {
    this.closed = true;
    for (const complete of [...this.completers]) complete();
  }
}
