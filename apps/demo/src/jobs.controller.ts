/** HTTP endpoints that enqueue the demo's jobs: now, later, and uniquely. */
import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { JobsService } from './jobs.service';

interface EmailBody {
  address?: string;
  subject?: string;
  customer_id?: number;
}

function emailArgs(body: EmailBody): Record<string, unknown> {
  if (typeof body?.address !== 'string' || body.address === '') {
    throw new BadRequestException('body.address must be a non-empty string');
  }
  return { address: body.address, subject: body.subject ?? 'Welcome!', customer_id: body.customer_id ?? 0 };
}

@Controller()
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Sends an email now. */
  @Post('emails')
  @HttpCode(202)
  async sendNow(@Body() body: EmailBody) {
    const job = await this.jobs.enqueuer.enqueue('send_email', emailArgs(body));
    return { id: job.id };
  }

  /** Sends an email in `?in=` seconds (default 60). */
  @Post('emails/later')
  @HttpCode(202)
  async sendLater(@Body() body: EmailBody, @Query('in') seconds = '60') {
    const delay = Number(seconds);
    if (!Number.isFinite(delay)) throw new BadRequestException('query "in" must be a number of seconds');
    const job = await this.jobs.enqueuer.enqueueIn('send_email', delay, emailArgs(body));
    return { id: job.id, runAt: job.runAt };
  }

  /** Starts an export unless the same one is already waiting. */
  @Post('exports')
  @HttpCode(202)
  async export(@Body() body: { rows?: number }) {
    const job = await this.jobs.enqueuer.enqueueUnique('export', { rows: body?.rows ?? 5 });
    return job ? { id: job.id } : { duplicate: true };
  }

  /** How many jobs this process completed. */
  @Get('status')
  status() {
    return { completed: this.jobs.completed, running: this.jobs.pool.activeJobs };
  }
}
