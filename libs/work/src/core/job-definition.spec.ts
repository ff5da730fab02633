import { defineJob, JobArgsInvalidError, PermanentJobError } from './job-definition';
import type { JobEvent } from './job-events';
import { parseJob } from './job';
import { gate, WorkTestBed } from '../../../../test/harness/work';
import { waitFor } from '../../../../test/harness/redis';

const sendEmail = defineJob<{ address: string; customer_id: number }>('send_email', {
  options: { maxFails: 3 },
  validate: (args) => {
    const a = args as { address?: unknown; customer_id?: unknown };
    if (typeof a?.address !== 'string' || !a.address.includes('@'))
      throw new Error('address must be an email address');
    if (typeof a.customer_id !== 'number') throw new Error('customer_id must be a number');
    return { address: a.address, customer_id: a.customer_id };
  },
});

describe('typed job definitions and job events', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('def')));
  afterEach(() => bed.close());

  it('type-checks args at compile time for the enqueuer and the handler', async () => {
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueue(sendEmail, { address: 'a@b.c', customer_id: 4 });
    // @ts-expect-error customer_id is missing
    await expect(enqueuer.enqueue(sendEmail, { address: 'a@b.c' })).rejects.toThrow(
      JobArgsInvalidError,
    );
    // @ts-expect-error address has the wrong type
    await expect(enqueuer.enqueueIn(sendEmail, 5, { address: 1, customer_id: 4 })).rejects.toThrow(
      /address must be an email/,
    );
    const pool = bed.pool();
    // The handler sees the definition's arg types: this would not compile with a wrong field.
    pool.job(sendEmail, (job) => void job.args.address.toUpperCase());
    expect(await bed.redis.llen(bed.key('jobs:send_email'))).toBe(1);
  });

  it('rejects invalid args at enqueue with the validation message and writes nothing', async () => {
    const enqueuer = bed.enqueuer();
    await expect(enqueuer.enqueue(sendEmail, { address: 'nope', customer_id: 1 })).rejects.toThrow(
      'args of job "send_email" are invalid: address must be an email address',
    );
    await expect(
      enqueuer.enqueueBulk([{ name: sendEmail, args: { address: 'x' } }]),
    ).rejects.toThrow(JobArgsInvalidError);
    expect(await bed.redis.exists(bed.key('jobs:send_email'))).toBe(0);
  });

  it('accepts any object with a parse method (a zod schema, say)', async () => {
    const schema = { parse: (v: unknown) => ({ n: Number((v as { n: unknown }).n) }) };
    const def = defineJob('parsed', { validate: schema });
    const job = await bed.enqueuer().enqueue(def, { n: '5' } as never);
    expect(job.args).toEqual({ n: 5 });
  });

  it('dead-letters a payload that fails validation at processing time, without retrying, and emits events', async () => {
    await bed.redis.lpush(
      bed.key('jobs:send_email'),
      '{"name":"send_email","id":"abc","t":1,"args":{"address":"bad"}}',
    );
    await bed.enqueuer().enqueue(sendEmail, { address: 'ok@b.c', customer_id: 1 });
    const events: string[] = [];
    const seen: string[] = [];
    const pool = bed.pool({ concurrency: 1 });
    pool.onJobEvent((e: JobEvent) =>
      events.push(`${e.type}:${e.job.id === 'abc' ? 'bad' : 'good'}`),
    );
    pool.job(sendEmail, (job) => void seen.push(job.args.address));
    await pool.start();
    await pool.drain();
    expect(seen).toEqual(['ok@b.c']);
    expect(events).toEqual(['started:bad', 'dead:bad', 'started:good', 'succeeded:good']);
    const [dead] = await bed.redis.zrange(bed.key('dead'), 0, -1);
    expect(parseJob(dead).lastErr).toBe(
      'args of job "send_email" are invalid: address must be an email address',
    );
    expect(await bed.redis.zcard(bed.key('retry'))).toBe(0);
  });

  it('sends a PermanentJobError to dead at once, and reports retries and timeouts', async () => {
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueue('perm', null);
    await enqueuer.enqueue('flaky', null);
    await enqueuer.enqueue('slow', null);
    const events: JobEvent[] = [];
    const release = gate();
    const pool = bed.pool();
    pool.onJobEvent((e) => events.push(e));
    pool.job('perm', () => {
      throw new PermanentJobError('no point retrying');
    });
    pool.job('flaky', () => Promise.reject(new Error('try again')));
    pool.job('slow', () => release.promise, { timeoutMs: 30, maxFails: 1 });
    await pool.start();
    await waitFor(
      () => events.filter((e) => e.type !== 'started').length === 4,
      'four outcome events',
    );
    release.open();
    const outcome = (name: string) =>
      events.filter((e) => e.job.name === name && e.type !== 'started').map((e) => e.type);
    expect(outcome('perm')).toEqual(['dead']);
    expect(outcome('flaky')).toEqual(['retry']);
    expect(outcome('slow')).toEqual(['timedOut', 'dead']);
    expect(events.find((e) => e.type === 'retry')!.retryAt).toBeGreaterThan(Date.now() / 1000);
  });
});
