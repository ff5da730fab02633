import { SetMetadata } from '@nestjs/common';
import { WORK_INSTANCE_METADATA } from '../work.constants';

/**
 * Puts a provider's (or controller's) @Job, @Middleware, @Periodic and @OnJobEvent methods in the
 * WorkModule instance named `name` (`WorkModule.forRoot({ name: 'billing', ... })`). Classes
 * without it belong to the default instance.
 *
 * `@WorkInstance('billing') @Injectable() class InvoiceJobs { @Job('invoice') run() {} }`
 * @publicApi
 */
export function WorkInstance(name: string): ClassDecorator {
  return SetMetadata(WORK_INSTANCE_METADATA, name);
}
