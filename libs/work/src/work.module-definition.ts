/** The dynamic-module definition of WorkModule (ConfigurableModuleBuilder). */
import { ConfigurableModuleBuilder, DynamicModule } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { WorkAdminController } from './admin/work-admin.controller';
import { WorkAdminGuard } from './admin/work-admin.guard';
import { WorkAdminOpsController } from './admin/work-admin-ops.controller';
import { WorkAdminAvailabilityInterceptor } from './admin/work-admin.availability';
import { WORK_ADMIN_SETTINGS, WorkAdminSettings } from './admin/work-admin.settings';
import { WorkDashboardController } from './dashboard/work-dashboard.controller';
import { WorkConfigError, WorkMetrics } from './core';
import { invalidEngineOptionMessage } from './core/engine-options';
import { WorkMetricsHttpModule, workMetricsProvider } from './metrics/work-metrics.module';
import type { WorkModuleExtras, WorkModuleOptions } from './work.interfaces';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: WORK_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WorkModuleOptions>({ moduleName: 'Work' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWorkOptions')
  .setExtras<WorkModuleExtras>({ isGlobal: true, admin: false, metrics: false }, (base, extras) => {
    const readOnly = extras.admin ? extras.admin.readOnly : undefined;
    if (readOnly !== undefined && typeof readOnly !== 'boolean')
      throw new WorkConfigError(
        invalidEngineOptionMessage('WorkModule', 'admin.readOnly', 'a boolean', readOnly),
      );
    const definition = withMetrics(base, extras);
    const mounted = extras.admin
      ? {
          controllers: [
            ...(definition.controllers ?? []),
            WorkAdminController,
            WorkAdminOpsController,
            ...(extras.admin.dashboard ? [WorkDashboardController] : []),
          ],
          providers: [
            ...(definition.providers ?? []),
            WorkAdminGuard,
            WorkAdminAvailabilityInterceptor,
            {
              provide: WORK_ADMIN_SETTINGS,
              useValue: { readOnly: extras.admin.readOnly ?? false } satisfies WorkAdminSettings,
            },
          ],
          imports: [
            ...(definition.imports ?? []),
            RouterModule.register([{ path: extras.admin.path, module: definition.module }]),
          ],
        }
      : {};
    return { ...definition, ...mounted, global: extras.isGlobal };
  })
  .build();

/** Adds the WorkMetrics provider (exported) and the scrape route when `metrics` is set. */
function withMetrics(definition: DynamicModule, extras: WorkModuleExtras): DynamicModule {
  const metrics = extras.metrics;
  if (!metrics) return definition;
  return {
    ...definition,
    providers: [...(definition.providers ?? []), workMetricsProvider(metrics)],
    exports: [...(definition.exports ?? []), WorkMetrics],
    imports: [
      ...(definition.imports ?? []),
      ...(metrics.path ? [WorkMetricsHttpModule.at(metrics.path)] : []),
    ],
  };
}
