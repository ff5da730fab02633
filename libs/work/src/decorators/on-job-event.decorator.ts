import { SetMetadata } from '@nestjs/common';
import type { JobEventType } from '../core';
import { WORK_EVENT_METADATA } from '../work.constants';

/** What @OnJobEvent records. */
export interface OnJobEventMetadata {
  types: JobEventType[];
  jobs: string[] | null;
}

/**
 * Calls the method with each matching job event, e.g. `@OnJobEvent('dead')` to alert when a job
 * dies. Optionally limited to some job names.
 * @publicApi
 */
export function OnJobEvent(
  types: JobEventType | JobEventType[],
  options: { jobs?: string[] } = {},
): MethodDecorator {
  return SetMetadata<string, OnJobEventMetadata>(WORK_EVENT_METADATA, {
    types: Array.isArray(types) ? types : [types],
    jobs: options.jobs ?? null,
  });
}
