/**
 * The chaos suite (`npm run test:chaos`): real worker processes, real redis-servers, and a TCP
 * proxy of our own between each pool and Redis. Every scenario prints
 * `enqueued / ran / lost / duplicated / recovery seconds` and asserts nothing was lost,
 * duplicates stayed within the jobs in flight, recovery stayed within its bound (docs/reliability.md)
 * and no process crashed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  Client,
  Enqueuer,
  isRedisUnavailable,
  RedisUnavailableError,
  silentLogger,
  STOP_MARGIN_MS,
  WorkerPool,
} from 'nestjs-gocraft-work/core';
import { startPrivateRedis } from 'nestjs-gocraft-work/testing';
import { ChaosFigures, ChaosRun } from './chaos-run';
import { ChaosProxy } from './tcp-proxy';

jest.setTimeout(240_000);

const JOBS = 2000;
/**
 * Faults strike once this many jobs ran: late enough that the backlog left afterwards takes a few
 * seconds, so recovery measures the fault more than this machine's speed.
 */
const FAULT_AT = (JOBS * 9) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectWithinBounds(figures: ChaosFigures, crashes: string[]): void {
  expect(crashes).toEqual([]);
  expect(figures.lost).toBe(0);
  expect(figures.duplicated).toBeLessThanOrEqual(figures.inFlight);
  expect(figures.recoverySeconds).toBeLessThanOrEqual(figures.boundSeconds);
}

describe('chaos', () => {
  let run: ChaosRun | null = null;
  afterEach(async () => {
    const failures = (await run?.stop()) ?? [];
    run = null;
    expect(failures).toEqual([]);
  });

  it('kill -9 of a worker process', async () => {
    run = await ChaosRun.start();
    const ids = await run.enqueue(JOBS);
    await run.waitForRan(FAULT_AT, 60_000);
    await run.kill(run.workers[0]);
    const faultEnd = Date.now();
    const figures = await run.figures('kill -9 of a worker', ids, faultEnd, 30);
    expectWithinBounds(figures, run.crashes());
  });

  it('Redis restart (SIGKILL, AOF with appendfsync always)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chaos-aof-'));
    try {
      run = await ChaosRun.start({
        redisArgs: ['--appendonly', 'yes', '--appendfsync', 'always'],
        dir,
      });
      const ids = await run.enqueue(JOBS);
      await run.waitForRan(FAULT_AT, 60_000);
      const { port } = run.server;
      process.kill(run.server.pid, 'SIGKILL');
      await run.server.stop();
      await sleep(2000);
      run.server = await startPrivateRedis({
        port,
        dir,
        args: ['--appendonly', 'yes', '--appendfsync', 'always'],
      });
      const figures = await run.figures('Redis restart (AOF)', ids, Date.now(), 60);
      expectWithinBounds(figures, run.crashes());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Redis SIGSTOP for 20 s', async () => {
    run = await ChaosRun.start();
    const ids = await run.enqueue(JOBS);
    await run.waitForRan(FAULT_AT, 60_000);
    process.kill(run.server.pid, 'SIGSTOP');
    await sleep(20_000);
    process.kill(run.server.pid, 'SIGCONT');
    const figures = await run.figures('Redis SIGSTOP 20 s', ids, Date.now(), 25);
    expectWithinBounds(figures, run.crashes());
  });

  it('a 30 s half-open stall of one pool’s connections; enqueue, reads and stop stay bounded', async () => {
    run = await ChaosRun.start();
    const ids = await run.enqueue(JOBS);
    // Probes through a stalled connection of their own: an enqueuer, a client and a pool.
    const probe = new ChaosProxy(run.server.port);
    await probe.start();
    const enqueuer = new Enqueuer({ namespace: 'chaos', redis: probe.url, logger: silentLogger });
    const client = new Client({ namespace: 'chaos', redis: probe.url, logger: silentLogger });
    const pool = new WorkerPool({ namespace: 'probe', redis: probe.url, logger: silentLogger });
    pool.job('never', () => undefined);
    await pool.start();
    await client.queues();
    try {
      await run.waitForRan(FAULT_AT, 60_000);
      run.workers[0].proxy.setMode('stall');
      probe.setMode('stall');

      let began = Date.now();
      const enqueued = await enqueuer.enqueue('chaos', { probe: true }).then(
        () => null,
        (err: Error) => err,
      );
      const enqueueMs = Date.now() - began;
      began = Date.now();
      const read = await client.queues().then(
        () => null,
        (err: Error) => err,
      );
      const readMs = Date.now() - began;
      began = Date.now();
      await pool.stop({ timeoutMs: 1000 });
      const stopMs = Date.now() - began;
      console.log(
        `chaos stalled connection: enqueue rejected in ${enqueueMs} ms, read failed in ${readMs} ms (503), stop returned in ${stopMs} ms`,
      );
      expect(enqueued).toBeInstanceOf(RedisUnavailableError);
      expect(enqueueMs).toBeLessThan(5000 + 1000);
      expect(isRedisUnavailable(read)).toBe(true);
      expect(readMs).toBeLessThan(5000 + 1000);
      expect(stopMs).toBeLessThan(1000 + STOP_MARGIN_MS + 500);

      await sleep(30_000 - (Date.now() - began) - enqueueMs - readMs);
      run.workers[0].proxy.setMode('pass');
      const figures = await run.figures('30 s half-open stall of one pool', ids, Date.now(), 15);
      expectWithinBounds(figures, run.crashes());
    } finally {
      await enqueuer.close().catch(() => undefined);
      await client.close().catch(() => undefined);
      await probe.stop();
    }
  });

  it('one pool’s connections refused for 5 s, then slowed to 50 ms a chunk for 5 s', async () => {
    run = await ChaosRun.start();
    const ids = await run.enqueue(JOBS);
    await run.waitForRan(FAULT_AT, 60_000);
    const { proxy } = run.workers[0];
    proxy.setMode('close');
    await sleep(5000);
    proxy.setMode('slow', 50);
    await sleep(5000);
    proxy.setMode('pass');
    const figures = await run.figures('connections closed 5 s, then slow 5 s', ids, Date.now(), 15);
    expectWithinBounds(figures, run.crashes());
  });

  it('Redis out of memory (maxmemory reached, noeviction) for 20 s', async () => {
    run = await ChaosRun.start({ redisArgs: ['--maxmemory-policy', 'noeviction'] });
    const ids = await run.enqueue(JOBS);
    await run.waitForRan(JOBS / 4, 60_000);
    const used = Number(/used_memory:(\d+)/.exec(await run.admin.info('memory'))![1]);
    await run.admin.config('SET', 'maxmemory', String(Math.max(used - 200_000, 1_000_000)));
    // Enqueues are refused while Redis is full (and nothing is half-written); pools keep draining.
    const enqueuer = new Enqueuer({
      namespace: 'chaos',
      redis: run.server.url,
      logger: silentLogger,
    });
    let refused = 0;
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const outcome = await enqueuer.enqueueBulk([{ name: 'chaos', args: { oom: true } }]).then(
        (jobs) => jobs[0].id,
        (err: Error) => err,
      );
      // Accepted once draining freed some memory: that job must run like the others.
      if (typeof outcome === 'string') ids.push(outcome);
      else {
        expect(outcome.message).toMatch(/Redis is out of memory/);
        refused++;
      }
      await sleep(500);
    }
    await enqueuer.close();
    await run.admin.config('SET', 'maxmemory', '0');
    console.log(`chaos out of memory: ${refused} enqueue(s) refused while full`);
    const pools = await run.admin.smembers('chaos:worker_pools');
    expect(pools).toHaveLength(2); // no live pool was reaped
    const figures = await run.figures('Redis out of memory 20 s', ids, Date.now(), 10);
    expectWithinBounds(figures, run.crashes());
    expect(refused).toBeGreaterThan(0);
  });
});
