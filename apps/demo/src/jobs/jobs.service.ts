/** The demo's job handlers, the periodic job and a dead-job alert. */
import { Injectable, Logger } from '@nestjs/common';
import { Job, JobEvent, OnJobEvent, Periodic } from 'nestjs-gocraft-work';
import type { DemoContext } from './demo-context';
import { exportData, sendEmail, SendEmailArgs } from './definitions';

@Injectable()
export class DemoJobs {
  private readonly logger = new Logger('jobs');
  /** What ran, for the demo's status endpoint and its tests. */
  readonly log: string[] = [];

  @Job(sendEmail)
  sendEmail(job: Job<SendEmailArgs>, ctx: DemoContext): void {
    if (job.args.address.endsWith('@fail.example'))
      throw new Error(`mailbox ${job.args.address} rejected the message`);
    this.log.push(`send_email ${job.args.address} ${ctx.customer?.name ?? 'no customer'}`);
    this.logger.log(
      `sending "${job.args.subject}" to ${job.args.address} for ${ctx.customer?.name ?? 'nobody'}`,
    );
  }

  @Job(exportData)
  async export(
    job: Job<{ customer_id: number; rows: number }>,
    _ctx: DemoContext,
    signal: AbortSignal,
  ): Promise<void> {
    const rows = job.args.rows;
    for (let i = 1; i <= rows; i++) {
      signal.throwIfAborted();
      job.checkin(`exported ${i} of ${rows} rows`);
      await new Promise((r) => setTimeout(r, 100));
    }
    this.log.push(`export ${job.args.customer_id} ${rows}`);
  }

  /** Every hour, on the hour (gocraft's dialect: seconds first). */
  @Periodic('0 0 * * * *')
  @Job('calculate_caches')
  calculateCaches(): void {
    this.log.push('calculate_caches');
  }

  @OnJobEvent('dead')
  alertDead(event: JobEvent): void {
    this.logger.error(`job ${event.job.name} ${event.job.id} is dead: ${event.job.lastErr}`);
  }
}
