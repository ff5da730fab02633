/** Public API of nestjs-gocraft-work: the framework-free engine and the Nest layer. */
export * from './core';
export { Job, Middleware, Periodic, OnJobEvent } from './decorators';
export type {
  JobMetadata,
  MiddlewareMetadata,
  MiddlewareOptions,
  OnJobEventMetadata,
  PeriodicMetadata,
} from './decorators';
export { WorkModule } from './work.module';
export { WORK_MODULE_OPTIONS, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } from './work.module-definition';
export type { WorkModuleOptions, WorkModuleExtras, WorkMetricsExtras } from './work.interfaces';
export { WorkEvents } from './work-events';
export { WorkHealthIndicator } from './health/work-health.indicator';
export type {
  WorkHealthIndicatorResult,
  WorkHealthThresholds,
} from './health/work-health.indicator';
export { WORK_REDIS } from './work.constants';
export { WorkAdminController } from './admin/work-admin.controller';
export { WorkAdminGuard } from './admin/work-admin.guard';
export { WorkAdminExceptionFilter } from './admin/work-admin.filter';
export { WorkDashboardController } from './dashboard/work-dashboard.controller';
