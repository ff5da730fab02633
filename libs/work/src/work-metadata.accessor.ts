/**
 * Reads what the decorators recorded, through Nest's Reflector (as @nestjs/schedule and
 * @nestjs/bull read theirs), so the explorer never touches reflect-metadata itself.
 */
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { JobMetadata } from './decorators/job.decorator';
import type { MiddlewareMetadata } from './decorators/middleware.decorator';
import type { OnJobEventMetadata } from './decorators/on-job-event.decorator';
import type { PeriodicMetadata } from './decorators/periodic.decorator';
import {
  DEFAULT_WORK_INSTANCE,
  WORK_EVENT_METADATA,
  WORK_INSTANCE_METADATA,
  WORK_JOB_METADATA,
  WORK_MIDDLEWARE_METADATA,
  WORK_PERIODIC_METADATA,
} from './work.constants';

type Target = (...args: any[]) => unknown;

@Injectable()
export class WorkMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  /** The instance a class's handlers belong to (@WorkInstance), else the default instance. */
  instanceOf(cls: Target): string {
    return (
      this.reflector.get<string | undefined>(WORK_INSTANCE_METADATA, cls) ?? DEFAULT_WORK_INSTANCE
    );
  }

  job(method: Target): JobMetadata | undefined {
    return this.reflector.get<JobMetadata | undefined>(WORK_JOB_METADATA, method);
  }

  middleware(method: Target): MiddlewareMetadata | undefined {
    return this.reflector.get<MiddlewareMetadata | undefined>(WORK_MIDDLEWARE_METADATA, method);
  }

  /** The @Periodic schedules of a method (a method may carry several). */
  periodic(method: Target): PeriodicMetadata[] {
    return this.reflector.get<PeriodicMetadata[] | undefined>(WORK_PERIODIC_METADATA, method) ?? [];
  }

  event(method: Target): OnJobEventMetadata | undefined {
    return this.reflector.get<OnJobEventMetadata | undefined>(WORK_EVENT_METADATA, method);
  }

  /** Whether any of the method decorators is on `method`. */
  isDecorated(method: Target): boolean {
    return (
      this.job(method) !== undefined ||
      this.middleware(method) !== undefined ||
      this.periodic(method).length > 0 ||
      this.event(method) !== undefined
    );
  }
}
