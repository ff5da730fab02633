/** The dynamic-module definition of WorkModule (ConfigurableModuleBuilder). */
import { ConfigurableModuleBuilder, DynamicModule, Provider, Type } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { WorkAdminController } from './admin/work-admin.controller';
import { WorkAdminGuard } from './admin/work-admin.guard';
import { WorkAdminOpsController } from './admin/work-admin-ops.controller';
import { WorkAdminAvailabilityInterceptor } from './admin/work-admin.availability';
import { WORK_ADMIN_SETTINGS, WorkAdminSettings } from './admin/work-admin.settings';
import { WorkDashboardController } from './dashboard/work-dashboard.controller';
import { WorkConfigError } from './core';
import { invalidEngineOptionMessage } from './core/engine-options';
import { WorkMetricsHttpModule, workMetricsProvider } from './metrics/work-metrics.module';
import type { WorkModuleExtras, WorkModuleOptions } from './work.interfaces';
import { getWorkMetricsToken, instanceExports, workInstanceName } from './work.tokens';
import { DEFAULT_WORK_INSTANCE, WORK_INSTANCE_NAME, WORK_METRICS } from './work.constants';

/**
 * One module class per named instance, so that each instance is its own module to Nest and
 * RouterModule (which keys mount paths by module class) can mount each admin API at its own path.
 * Cached by name: importing `forRoot({ name })` twice still means one class.
 */
const namedModules = new Map<string, Type>();

function moduleFor(base: Type, name: string): Type {
  if (name === DEFAULT_WORK_INSTANCE) return base;
  let module = namedModules.get(name);
  if (!module) {
    module = class extends base {};
    Object.defineProperty(module, 'name', { value: `WorkModule(${name})` });
    namedModules.set(name, module);
  }
  return module;
}

/** Adds the instance's name, exports, admin mount and metrics to what the builder produced. */
function withExtras(definition: DynamicModule, extras: WorkModuleExtras): DynamicModule {
  const name = workInstanceName(extras.name);
  const module = moduleFor(definition.module, name);
  const exported = instanceExports(name);
  const providers: Provider[] = [
    ...(definition.providers ?? []),
    { provide: WORK_INSTANCE_NAME, useValue: name },
    // The public tokens: the classes for the default instance, tokens of its name for the others.
    ...exported.map(({ token, local }) => ({ provide: token, useExisting: local })),
  ];
  const exports = exported.map(({ token }) => token);
  const imports = [...(definition.imports ?? [])];
  const admin = extras.admin;
  if (admin) {
    const readOnly = admin.readOnly;
    if (readOnly !== undefined && typeof readOnly !== 'boolean')
      throw new WorkConfigError(
        invalidEngineOptionMessage('WorkModule', 'admin.readOnly', 'a boolean', readOnly),
      );
    providers.push(WorkAdminGuard, WorkAdminAvailabilityInterceptor, {
      provide: WORK_ADMIN_SETTINGS,
      useValue: { readOnly: readOnly ?? false } satisfies WorkAdminSettings,
    });
    imports.push(RouterModule.register([{ path: admin.path, module }]));
  }
  const metrics = extras.metrics;
  if (metrics) {
    // WorkMetrics and its scrape route (see metrics/work-metrics.module.ts).
    const token = getWorkMetricsToken(name);
    providers.push(workMetricsProvider(metrics), { provide: token, useExisting: WORK_METRICS });
    exports.push(token);
    if (metrics.path) imports.push(WorkMetricsHttpModule.at(metrics.path, token));
  }
  return {
    ...definition,
    module,
    providers,
    exports,
    controllers: admin
      ? [
          WorkAdminController,
          WorkAdminOpsController,
          ...(admin.dashboard ? [WorkDashboardController] : []),
        ]
      : [],
    imports,
    global: extras.isGlobal,
  };
}

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: WORK_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WorkModuleOptions>({ moduleName: 'Work' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWorkOptions')
  .setExtras<WorkModuleExtras>(
    { isGlobal: true, admin: false, metrics: false, name: undefined },
    withExtras,
  )
  .build();
