/** The demo's typed job definitions, shared by the HTTP endpoints (enqueue) and the handlers. */
import { defineJob } from 'nestjs-gocraft-work';

/** Arguments of send_email, as the gocraft README's example enqueues them. */
export interface SendEmailArgs {
  address: string;
  subject: string;
  customer_id: number;
}

export const sendEmail = defineJob<SendEmailArgs>('send_email', {
  options: { maxFails: 4 },
  validate: (args) => {
    const a = (args ?? {}) as Partial<Record<keyof SendEmailArgs, unknown>>;
    if (typeof a.address !== 'string' || !a.address.includes('@'))
      throw new Error('address must be an email address');
    if (typeof a.subject !== 'string') throw new Error('subject must be a string');
    if (typeof a.customer_id !== 'number') throw new Error('customer_id must be a number');
    return { address: a.address, subject: a.subject, customer_id: a.customer_id };
  },
});

export const exportData = defineJob<{ customer_id: number; rows: number }>('export', {
  options: { priority: 10, maxConcurrency: 2, timeoutMs: 60_000 },
});
