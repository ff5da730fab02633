import { applyDecorators, SetMetadata } from '@nestjs/common';
import { WORK_PERIODIC_METADATA } from '../work.constants';

/** What @Periodic records (a method may carry several). */
export interface PeriodicMetadata {
  spec: string;
  jobName: string;
}

/**
 * Enqueues a job on a cron schedule in gocraft's dialect (seconds first: `0 0 * * * *` is
 * hourly), once across all pools of the namespace. On a @Job method the job name defaults to that
 * method's job; elsewhere pass it.
 * @publicApi
 */
export function Periodic(spec: string, jobName?: string): MethodDecorator {
  return (target, key, descriptor) => {
    const existing: PeriodicMetadata[] =
      Reflect.getMetadata(WORK_PERIODIC_METADATA, descriptor.value as object) ?? [];
    const entry = { spec, jobName: jobName ?? '' };
    return applyDecorators(SetMetadata(WORK_PERIODIC_METADATA, [...existing, entry]))(
      target,
      key,
      descriptor,
    );
  };
}
