/** The demo's middleware: logging every job, and loading the customer a job is about. */
import { Injectable, Logger } from '@nestjs/common';
import { Job, Middleware, NextMiddleware } from 'nestjs-gocraft-work';
import type { DemoContext } from './demo-context';

@Injectable()
export class DemoMiddleware {
  private readonly logger = new Logger('jobs');

  /** Outermost: times and logs every job. */
  @Middleware({ order: 0 })
  async log(job: Job, ctx: DemoContext, next: NextMiddleware): Promise<void> {
    ctx.startedAt = Date.now();
    this.logger.log(`starting ${job.name} ${job.id}`);
    await next();
    this.logger.log(`finished ${job.name} ${job.id} in ${Date.now() - ctx.startedAt} ms`);
  }

  /** Loads the customer of jobs that carry a customer_id (a stand-in for a database lookup). */
  @Middleware({ order: 1 })
  async findCustomer(job: Job, ctx: DemoContext, next: NextMiddleware): Promise<void> {
    if (job.args && typeof job.args.customer_id === 'number') {
      const id = job.argInt64('customer_id');
      ctx.customer = { id, name: `customer ${id}` };
    }
    await next();
  }
}
