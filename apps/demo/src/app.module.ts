import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { WorkModule } from 'nestjs-gocraft-work';
import { demoConfig, DemoConfig } from './demo.config';
import { JobsController } from './jobs.controller';
import { DemoJobs } from './jobs/jobs.service';
import { DemoMiddleware } from './jobs/middleware.service';

/** The demo application: jobs, middleware, a periodic job, HTTP endpoints, the admin API, the dashboard and Prometheus metrics. */
@Module({
  imports: [
    ConfigModule.forRoot({ load: [demoConfig], ignoreEnvFile: true }),
    WorkModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      admin: { path: 'admin/work', dashboard: true },
      metrics: { path: 'metrics' },
      useFactory: (config: ConfigService) => {
        const demo = config.getOrThrow<DemoConfig>('demo');
        return {
          redis: demo.redisUrl,
          namespace: demo.namespace,
          concurrency: demo.concurrency,
          shutdownTimeoutMs: 10_000,
        };
      },
    }),
  ],
  controllers: [JobsController],
  providers: [DemoJobs, DemoMiddleware],
})
export class AppModule {}
