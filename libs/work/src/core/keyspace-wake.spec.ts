/**
 * Keyspace wake-ups: a pool wakes on a Go producer's LPUSH (the vectors' Go bytes, pushed raw)
 * long before its poll, and still polls when notifications are off. Each server here is private
 * to this file, because the tests change and depend on its notify-keyspace-events setting.
 */
import Redis from 'ioredis';
import { loadVectors } from './conformance/vectors';
import { emitsListKeyspaceEvents, keyspaceChannel } from './keyspace-wake';
import { silentLogger, WorkLogger } from './logger';
import { WorkerPool } from './worker-pool';
import { WorkerPoolOptions } from './worker-pool-options';
import { PrivateRedis, startPrivateRedis } from '../testing/private-redis';
import { testNamespace, waitFor } from '../../../../test/harness/redis';

/** Bytes a real gocraft/work v0.5.1 Enqueuer stored for job "bar" (nested and empty arrays). */
const goPush = loadVectors().job_json.enqueue_roundtrip.find(
  (r) => r.case_ref === 'arrays_empty_and_nested',
)!;
/** So long that a job starting within the test's deadline can only have been woken. */
const NEVER_POLL_MS = 600_000;

describe('keyspace wake-ups for jobs pushed by Go producers', () => {
  const servers: PrivateRedis[] = [];
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
  });

  async function server(notify: string): Promise<Redis> {
    const s = await startPrivateRedis({ args: ['--notify-keyspace-events', notify] });
    servers.push(s);
    const redis = new Redis(s.url);
    closers.push(async () => void (await redis.quit()));
    return redis;
  }

  /** A started pool for job "bar" that records when each job started; idle once this resolves. */
  async function pool(redis: Redis, options: Partial<WorkerPoolOptions<object>>) {
    const ns = testNamespace('ks');
    const started: number[] = [];
    const p = new WorkerPool({
      namespace: ns,
      redis: `redis://127.0.0.1:${redis.options.port}`,
      logger: silentLogger,
      ...options,
    });
    p.job(goPush.job_name, () => void started.push(Date.now()));
    closers.push(() => p.stop());
    await p.start();
    await p.drain(); // one fetch found nothing: from here on only a wake-up or the poll fetches
    const queue = `${ns}:jobs:${goPush.job_name}`;
    const subscribed = async () =>
      (await redis.pubsub('NUMSUB', keyspaceChannel(0, queue)))[1] === 1;
    return { started, queue, subscribed };
  }

  it("'auto' on a server that emits list events: a raw Go LPUSH starts the job at once", async () => {
    const redis = await server('Kl');
    const { started, queue, subscribed } = await pool(redis, { pollIntervalMs: NEVER_POLL_MS });
    await waitFor(subscribed, 'the keyspace subscription');
    await redis.lpush(queue, Buffer.from(goPush.stored_b64, 'base64'));
    await waitFor(() => started.length === 1, 'the Go job to start long before the poll');
    expect(await redis.llen(queue)).toBe(0);
  });

  it("'auto' leaves a server without them alone and falls back to the poll", async () => {
    const redis = await server('');
    const { started, queue, subscribed } = await pool(redis, { pollIntervalMs: 20 });
    await redis.lpush(queue, Buffer.from(goPush.stored_b64, 'base64'));
    await waitFor(() => started.length === 1, 'the polled job to run');
    expect(await subscribed()).toBe(false);
    expect(await redis.config('GET', 'notify-keyspace-events')).toEqual([
      'notify-keyspace-events',
      '',
    ]);
  });

  it("'off' polls even when the server emits list events", async () => {
    const redis = await server('KEA');
    const { started, queue, subscribed } = await pool(redis, {
      pollIntervalMs: 20,
      keyspaceWake: 'off',
    });
    await redis.lpush(queue, Buffer.from(goPush.stored_b64, 'base64'));
    await waitFor(() => started.length === 1, 'the polled job to run');
    expect(await subscribed()).toBe(false);
  });

  it("'enable' turns list events on (keeping other flags), logs it, and wakes on a Go LPUSH", async () => {
    const redis = await server('Ex');
    const lines: string[] = [];
    const logger: WorkLogger = { ...silentLogger, log: (m) => void lines.push(m) };
    const { started, queue, subscribed } = await pool(redis, {
      pollIntervalMs: NEVER_POLL_MS,
      keyspaceWake: 'enable',
      logger,
    });
    await waitFor(subscribed, 'the keyspace subscription');
    const [, flags] = (await redis.config('GET', 'notify-keyspace-events')) as string[];
    expect(emitsListKeyspaceEvents(flags)).toBe(true);
    expect(flags).toMatch(/E/);
    expect(flags).toMatch(/x/);
    expect(lines.filter((l) => l.startsWith('enabled Redis keyspace notifications'))).toHaveLength(
      1,
    );
    await redis.lpush(queue, Buffer.from(goPush.stored_b64, 'base64'));
    await waitFor(() => started.length === 1, 'the Go job to start long before the poll');
  });

  it('refuses an unknown keyspaceWake, naming it', () => {
    expect(
      () =>
        new WorkerPool({
          namespace: 'x',
          redis: 'redis://127.0.0.1:1',
          keyspaceWake: 'on' as never,
        }),
    ).toThrow(`WorkerPool option "keyspaceWake" must be 'auto', 'enable' or 'off', got "on"`);
  });
});
