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
export type { WorkModuleOptions, WorkModuleExtras } from './work.interfaces';
export { WorkEvents } from './work-events';
export { WORK_REDIS } from './work.constants';
export { WorkAdminController } from './admin/work-admin.controller';
export { WorkAdminGuard } from './admin/work-admin.guard';
export { WorkAdminExceptionFilter } from './admin/work-admin.filter';
export { WorkDashboardController } from './dashboard/work-dashboard.controller';
export { DashboardRootController } from './dashboard/dashboard-root.controller';
export { watchRedisAtStart } from './dashboard/redis-watch';
export { WorkAdminOpsController } from './admin/work-admin-ops.controller';
export { WorkAdminAvailabilityInterceptor } from './admin/work-admin.availability';
