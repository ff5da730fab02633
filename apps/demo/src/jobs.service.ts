/**
 * The demo's jobs, wired to the core engine by hand. (The WorkModule with @Job decorators replaces
 * this wiring; until then this shows the engine inside a Nest app's lifecycle.)
 */
import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown, Inject } from '@nestjs/common';
import { Enqueuer, Job, WorkerPool } from '@app/work';
import { DEMO_CONFIG } from './tokens';
import type { DemoConfig } from './demo.config';

/** Per-job context shared by the demo's middleware and handlers. */
export interface DemoContext {
  customerId?: number;
}

@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('jobs');
  readonly enqueuer: Enqueuer;
  readonly pool: WorkerPool<DemoContext>;
  /** Jobs completed since start, for the demo's status endpoint. */
  completed = 0;

  constructor(@Inject(DEMO_CONFIG) config: DemoConfig) {
    const logger = new Logger('work');
    this.enqueuer = new Enqueuer({ namespace: config.namespace, redis: config.redisUrl, logger });
    this.pool = new WorkerPool<DemoContext>({
      namespace: config.namespace,
      redis: config.redisUrl,
      concurrency: config.concurrency,
      logger,
    });
    this.pool.use(async (job, _ctx, next) => {
      const started = Date.now();
      await next();
      this.completed++;
      this.logger.log(`${job.name} ${job.id} done in ${Date.now() - started} ms`);
    });
    this.pool.use(async (job, ctx, next) => {
      if (job.args && 'customer_id' in job.args) ctx.customerId = job.argInt64('customer_id');
      await next();
    });
    this.pool.job('send_email', (job, ctx) => this.sendEmail(job, ctx));
    this.pool.job('export', (job, _ctx, signal) => this.export(job, signal), { priority: 10, maxConcurrency: 2, timeoutMs: 60_000 });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.pool.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.pool.stop();
    await this.enqueuer.close();
  }

  private sendEmail(job: Job, ctx: DemoContext): void {
    const address = job.argString('address');
    const subject = job.argString('subject');
    const error = job.argError();
    if (error) throw error;
    this.logger.log(`sending "${subject}" to ${address} (customer ${ctx.customerId ?? 'unknown'})`);
  }

  private async export(job: Job, signal: AbortSignal): Promise<void> {
    const rows = job.argInt64('rows') || 5;
    for (let i = 1; i <= rows; i++) {
      signal.throwIfAborted();
      job.checkin(`exported ${i} of ${rows} rows`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
