/**
 * Finds @Job, @Middleware, @Periodic and @OnJobEvent methods on singleton providers and records
 * them on the pool (onModuleInit: record only; nothing starts here).
 */
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { filter } from 'rxjs';
import { JobEvent, jobNameOf, JobMiddleware, WorkConfigError, WorkerPool } from './core';
import type { JobMetadata } from './decorators/job.decorator';
import type { MiddlewareMetadata } from './decorators/middleware.decorator';
import type { OnJobEventMetadata } from './decorators/on-job-event.decorator';
import type { PeriodicMetadata } from './decorators/periodic.decorator';
import {
  duplicateJobHandlerMessage,
  periodicWithoutHandlerMessage,
  requestScopedMessage,
  WORK_EVENT_METADATA,
  WORK_JOB_METADATA,
  WORK_MIDDLEWARE_METADATA,
  WORK_PERIODIC_METADATA,
} from './work.constants';
import { WorkEvents } from './work-events';

type Method = (...args: unknown[]) => unknown;
interface Found {
  where: string;
  fn: Method;
  handle: object;
}

@Injectable()
export class WorkExplorer implements OnModuleInit {
  private readonly logger = new Logger('Work');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly pool: WorkerPool<any>,
    private readonly events: WorkEvents,
  ) {}

  onModuleInit(): void {
    const jobs = new Map<string, string>();
    const middleware: Array<{ meta: MiddlewareMetadata; fn: Method; index: number }> = [];
    const periodic: Array<PeriodicMetadata & { defaultJob: string }> = [];
    for (const found of this.methods()) {
      const job = Reflect.getMetadata(WORK_JOB_METADATA, found.handle) as JobMetadata | undefined;
      if (job) {
        const name = jobNameOf(job.job);
        if (jobs.has(name))
          throw new WorkConfigError(duplicateJobHandlerMessage(name, jobs.get(name)!, found.where));
        jobs.set(name, found.where);
        this.pool.job(job.job as string, found.fn as never, job.options);
      }
      const mw = Reflect.getMetadata(WORK_MIDDLEWARE_METADATA, found.handle) as
        MiddlewareMetadata | undefined;
      if (mw) middleware.push({ meta: mw, fn: found.fn, index: middleware.length });
      const specs =
        (Reflect.getMetadata(WORK_PERIODIC_METADATA, found.handle) as
          PeriodicMetadata[] | undefined) ?? [];
      for (const spec of specs)
        periodic.push({ ...spec, defaultJob: job ? jobNameOf(job.job) : '' });
      const events = Reflect.getMetadata(WORK_EVENT_METADATA, found.handle) as
        OnJobEventMetadata | undefined;
      if (events) this.listen(events, found.fn);
    }
    middleware.sort((a, b) => a.meta.order - b.meta.order || a.index - b.index);
    for (const { meta, fn } of middleware)
      this.pool.use(limitTo(meta.jobs, fn as JobMiddleware<any>));
    for (const p of periodic) {
      const jobName = p.jobName || p.defaultJob;
      if (!jobName)
        throw new WorkConfigError(
          `@Periodic('${p.spec}') needs a job name when the method has no @Job`,
        );
      this.pool.periodicallyEnqueue(p.spec, jobName);
      if (!jobs.has(jobName)) this.logger.warn(periodicWithoutHandlerMessage(jobName, p.spec));
    }
  }

  /** Every decorated-or-not method of every singleton provider, bound to its instance. */
  private *methods(): Generator<Found> {
    for (const wrapper of this.discovery.getProviders() as InstanceWrapper[]) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      if (!prototype) continue;
      const names = this.scanner.getAllMethodNames(prototype);
      const decorated = names.filter((n) => this.isDecorated(prototype[n]));
      if (decorated.length === 0) continue;
      if (!wrapper.isDependencyTreeStatic()) {
        this.logger.warn(requestScopedMessage(wrapper.name));
        continue;
      }
      for (const name of decorated) {
        const handle = prototype[name] as Method;
        yield { where: `${wrapper.name}#${name}`, fn: handle.bind(instance), handle };
      }
    }
  }

  private isDecorated(fn: unknown): boolean {
    if (typeof fn !== 'function') return false;
    return [
      WORK_JOB_METADATA,
      WORK_MIDDLEWARE_METADATA,
      WORK_PERIODIC_METADATA,
      WORK_EVENT_METADATA,
    ].some((key) => Reflect.getMetadata(key, fn) !== undefined);
  }

  /** Subscribes the method to WorkEvents, so every listener shares the pool's one fan-out. */
  private listen(meta: OnJobEventMetadata, fn: Method): void {
    const types = new Set(meta.types);
    const jobs = meta.jobs ? new Set(meta.jobs) : null;
    this.events.events$
      .pipe(filter((e) => types.has(e.type) && (!jobs || jobs.has(e.job.name))))
      .subscribe((event: JobEvent) => {
        void Promise.resolve()
          .then(() => fn(event))
          .catch((err: Error) =>
            this.logger.error(`@OnJobEvent handler failed: ${err.message}`, err.stack),
          );
      });
  }
}

/** Skips the middleware for jobs it is not meant for. */
function limitTo(jobs: string[] | null, fn: JobMiddleware<any>): JobMiddleware<any> {
  if (!jobs) return fn;
  const only = new Set(jobs);
  return (job, ctx, next, signal) => (only.has(job.name) ? fn(job, ctx, next, signal) : next());
}
