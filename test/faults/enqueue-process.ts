/**
 * A plain Node process that enqueues against REDIS_URL (a port where Redis is down, in the test)
 * and reports what each call did over IPC, then lingers so a late unhandled rejection, which ends
 * the process by Node's default, would show as an exit.
 */
import { Enqueuer, silentLogger } from 'nestjs-gocraft-work/core';

async function main(): Promise<void> {
  const enqueuer = new Enqueuer({
    namespace: 'down',
    redis: { port: Number(process.env.REDIS_PORT), host: '127.0.0.1', commandTimeout: 500 },
    logger: silentLogger,
  });
  const outcomes: Array<{ call: string; ms: number; error: string; name: string }> = [];
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['enqueue', () => enqueuer.enqueue('mail', { to: 'a' })],
    ['enqueueBulk', () => enqueuer.enqueueBulk([{ name: 'mail', args: { to: 'b' } }])],
    ['enqueueUnique', () => enqueuer.enqueueUnique('mail', { to: 'c' })],
  ];
  for (const [call, run] of calls) {
    const started = Date.now();
    try {
      await run();
      outcomes.push({ call, ms: Date.now() - started, error: '', name: '' });
    } catch (err) {
      const e = err as Error;
      outcomes.push({ call, ms: Date.now() - started, error: e.message, name: e.name });
    }
  }
  await new Promise((r) => setTimeout(r, 1000));
  process.send?.(outcomes);
  await enqueuer.close();
}

void main();
