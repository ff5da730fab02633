/**
 * A Redis restart (AOF on) during processing: the pool reconnects, re-sends what it must, hands
 * back anything a lost reply left in progress, and finishes the queue.
 */
import { mkdirSync, rmSync } from 'node:fs';
import Redis from 'ioredis';
import { silentLogger, WorkerPool, Enqueuer } from 'nestjs-gocraft-work/core';
import { startPrivateRedis, PrivateRedis } from 'nestjs-gocraft-work/testing';
import { waitFor } from '../harness/redis';

jest.setTimeout(60_000);

describe('Redis restart during processing', () => {
  let server: PrivateRedis | null = null;
  const dir = `/tmp/work-restart-${process.pid}`;
  let pool: WorkerPool | null = null;
  let enqueuer: Enqueuer | null = null;
  let check: Redis | null = null;
  afterAll(async () => {
    await pool?.stop({ timeoutMs: 1000 });
    await enqueuer?.close();
    await check?.quit();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recovers and completes every job', async () => {
    const aof = ['--appendonly', 'yes', '--appendfsync', 'always'];
    mkdirSync(dir, { recursive: true });
    server = await startPrivateRedis({ args: aof, dir });
    const port = server.port;
    const url = server.url;
    const ns = 'restart';
    const total = 400;
    enqueuer = new Enqueuer({ namespace: ns, redis: url, logger: silentLogger });
    await enqueuer.enqueueBulk(
      Array.from({ length: total }, (_, i) => ({ name: 'job', args: { i } })),
    );
    await enqueuer.close();

    const done = new Set<string>();
    let runs = 0;
    pool = new WorkerPool({
      namespace: ns,
      redis: url,
      concurrency: 10,
      logger: silentLogger,
      pollIntervalMs: 50,
    });
    pool.job('job', async (job) => {
      runs++;
      await new Promise((r) => setTimeout(r, 5));
      done.add(job.id);
    });
    await pool.start();
    await waitFor(() => done.size >= 100, '100 jobs before the restart', 20_000);
    await server.stop(); // SIGTERM: Redis fsyncs the AOF and exits
    const doneWhileDown = done.size;
    server = await startPrivateRedis({ args: aof, dir, port });
    await waitFor(() => done.size === total, 'every job after the restart', 40_000);
    await pool.drain();
    const probe = new Redis(url);
    check = probe;
    const inProgress = await probe.keys(`${ns}:jobs:job:*:inprogress`);
    const lengths = await Promise.all(inProgress.map((k) => probe.llen(k)));
    console.log(
      `Redis restart test: ${total} jobs, ${doneWhileDown} done before the restart, ${done.size} done after, ${runs} runs`,
    );
    expect(done.size).toBe(total);
    expect(await probe.llen(`${ns}:jobs:job`)).toBe(0);
    expect(lengths.every((n) => n === 0)).toBe(true);
    expect(await probe.get(`${ns}:jobs:job:lock`)).toBe('0');
  });
});
