import { DynamicModule, Module } from '@nestjs/common';
import type { DemoConfig } from './demo.config';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';
import { DEMO_CONFIG } from './tokens';

/** The demo application. */
@Module({})
export class AppModule {
  static forConfig(config: DemoConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [JobsController],
      providers: [{ provide: DEMO_CONFIG, useValue: config }, JobsService],
    };
  }
}
