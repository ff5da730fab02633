/** The dynamic-module definition of WorkModule (ConfigurableModuleBuilder). */
import { ConfigurableModuleBuilder } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { WorkAdminController } from './admin/work-admin.controller';
import { WorkAdminGuard } from './admin/work-admin.guard';
import { WorkDashboardController } from './dashboard/work-dashboard.controller';
import type { WorkModuleExtras, WorkModuleOptions } from './work.interfaces';

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: WORK_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WorkModuleOptions>({ moduleName: 'Work' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWorkOptions')
  .setExtras<WorkModuleExtras>({ isGlobal: true, admin: false }, (definition, extras) => {
    const mounted = extras.admin
      ? {
          controllers: [
            ...(definition.controllers ?? []),
            WorkAdminController,
            ...(extras.admin.dashboard ? [WorkDashboardController] : []),
          ],
          providers: [...(definition.providers ?? []), WorkAdminGuard],
          imports: [
            ...(definition.imports ?? []),
            RouterModule.register([{ path: extras.admin.path, module: definition.module }]),
          ],
        }
      : {};
    return { ...definition, ...mounted, global: extras.isGlobal };
  })
  .build();
