/** HTTP endpoints that enqueue the demo's jobs: now, later, and uniquely. */
import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { Enqueuer, JobArgsInvalidError, WorkerPool } from 'nestjs-gocraft-work';
import { exportData, sendEmail, SendEmailArgs } from './jobs/definitions';
import { DemoJobs } from './jobs/jobs.service';

function emailArgs(body: Partial<SendEmailArgs> | undefined): SendEmailArgs {
  return {
    address: body?.address as string,
    subject: body?.subject ?? 'Welcome!',
    customer_id: body?.customer_id ?? 0,
  };
}

/** Turns a validation failure into a 400 with the validator's message. */
async function badRequestOnInvalid<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof JobArgsInvalidError) throw new BadRequestException(err.message);
    throw err;
  }
}

@Controller()
export class JobsController {
  constructor(
    private readonly enqueuer: Enqueuer,
    private readonly pool: WorkerPool,
    private readonly jobs: DemoJobs,
  ) {}

  /** Sends an email now. */
  @Post('emails')
  @HttpCode(202)
  async sendNow(@Body() body: Partial<SendEmailArgs>) {
    const job = await badRequestOnInvalid(this.enqueuer.enqueue(sendEmail, emailArgs(body)));
    return { id: job.id };
  }

  /** Sends an email in `?in=` seconds (default 60). */
  @Post('emails/later')
  @HttpCode(202)
  async sendLater(@Body() body: Partial<SendEmailArgs>, @Query('in') seconds = '60') {
    const delay = Number(seconds);
    if (!Number.isFinite(delay))
      throw new BadRequestException('query "in" must be a number of seconds');
    const job = await badRequestOnInvalid(
      this.enqueuer.enqueueIn(sendEmail, delay, emailArgs(body)),
    );
    return { id: job.id, runAt: job.runAt };
  }

  /** Starts an export for a customer unless one is already waiting (unique by customer). */
  @Post('exports')
  @HttpCode(202)
  async export(@Body() body: { customer_id?: number; rows?: number }) {
    const customerId = Number(body?.customer_id ?? 0);
    const rows = Number(body?.rows ?? 5);
    if (!Number.isInteger(customerId) || !Number.isInteger(rows) || rows < 1) {
      throw new BadRequestException('customer_id and rows must be integers, rows >= 1');
    }
    const job = await this.enqueuer.enqueueUniqueByKey(
      exportData,
      { customer_id: customerId, rows },
      { customer_id: customerId },
    );
    return job ? { id: job.id } : { duplicate: true };
  }

  /** What this process ran so far. */
  @Get('status')
  status() {
    return { running: this.pool.activeJobs, ran: this.jobs.log };
  }
}
