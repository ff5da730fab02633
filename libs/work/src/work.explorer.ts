/**
 * Finds the @Job, @Middleware, @Periodic and @OnJobEvent methods of singleton providers and
 * controllers that belong to this module instance (see @WorkInstance) and records them on its
 * pool (onModuleInit: record only; nothing starts here).
 */
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { filter } from 'rxjs';
import { JobEvent, jobNameOf, JobMiddleware, WorkConfigError } from './core';
import type { WorkerPoolApi } from './core';
import type { MiddlewareMetadata } from './decorators/middleware.decorator';
import type { OnJobEventMetadata } from './decorators/on-job-event.decorator';
import type { PeriodicMetadata } from './decorators/periodic.decorator';
import {
  duplicateJobHandlerMessage,
  noSuchInstanceMessage,
  periodicWithoutHandlerMessage,
  requestScopedMessage,
  WORK_INSTANCE_NAME,
  WORK_EVENTS,
  WORK_POOL,
} from './work.constants';
import { WorkMetadataAccessor } from './work-metadata.accessor';
import type { WorkEvents } from './work-events';

type Method = (...args: unknown[]) => unknown;
interface Found {
  where: string;
  fn: Method;
  handle: Method;
}

@Injectable()
export class WorkExplorer implements OnModuleInit {
  private readonly logger = new Logger(WorkExplorer.name);

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly metadata: WorkMetadataAccessor,
    @Inject(WORK_INSTANCE_NAME) private readonly instance: string,
    @Inject(WORK_POOL) private readonly pool: WorkerPoolApi<any>,
    @Inject(WORK_EVENTS) private readonly events: WorkEvents,
  ) {}

  onModuleInit(): void {
    const jobs = new Map<string, string>();
    const middleware: Array<{ meta: MiddlewareMetadata; fn: Method; index: number }> = [];
    const periodic: Array<PeriodicMetadata & { defaultJob: string }> = [];
    for (const found of this.methods()) {
      const job = this.metadata.job(found.handle);
      if (job) {
        const name = jobNameOf(job.job);
        if (jobs.has(name))
          throw new WorkConfigError(duplicateJobHandlerMessage(name, jobs.get(name)!, found.where));
        jobs.set(name, found.where);
        this.pool.job(job.job as string, found.fn as never, job.options);
      }
      const mw = this.metadata.middleware(found.handle);
      if (mw) middleware.push({ meta: mw, fn: found.fn, index: middleware.length });
      for (const spec of this.metadata.periodic(found.handle))
        periodic.push({ ...spec, defaultJob: job ? jobNameOf(job.job) : '' });
      const events = this.metadata.event(found.handle);
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

  /**
   * Every decorated method of this instance's singleton providers and controllers, bound to its
   * instance (an object reachable under several tokens is visited once).
   */
  private *methods(): Generator<Found> {
    const seen = new Set<object>();
    const wrappers = [
      ...this.discovery.getProviders(),
      ...this.discovery.getControllers(),
    ] as InstanceWrapper[];
    const instances = new Set(
      wrappers.filter((w) => w.token === WORK_INSTANCE_NAME).map((w) => w.instance as string),
    );
    // Classes that belong to no instance are reported by one instance only, so once.
    const reporter = [...instances].sort()[0] === this.instance;
    for (const wrapper of wrappers) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance);
      if (!prototype) continue;
      const owner = this.metadata.instanceOf(prototype.constructor);
      if (owner !== this.instance && (instances.has(owner) || !reporter)) continue;
      const names = this.scanner.getAllMethodNames(prototype);
      const decorated = names.filter(
        (n) => typeof prototype[n] === 'function' && this.metadata.isDecorated(prototype[n]),
      );
      if (decorated.length === 0) continue;
      if (owner !== this.instance) {
        this.logger.warn(noSuchInstanceMessage(wrapper.name, owner, [...instances].sort()));
        continue;
      }
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
