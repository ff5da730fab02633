/** Job events of this process's pool as an RxJS stream. */
import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { JobEvent } from './core';

/**
 * Every job event of the pool (started, succeeded, retry, dead, dropped, timedOut):
 * `events.events$.pipe(filter((e) => e.type === 'dead'))`. Handlers run on the pool's event loop.
 * @publicApi
 */
@Injectable()
export class WorkEvents {
  private readonly subject = new Subject<JobEvent>();
  /** The stream of job events. */
  readonly events$: Observable<JobEvent> = this.subject.asObservable();

  /** @internal called by the pool. */
  publish(event: JobEvent): void {
    if (this.subject.observed) this.subject.next(event);
  }

  /** @internal */
  complete(): void {
    this.subject.complete();
  }
}
