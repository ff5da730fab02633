/**
 * The `work` CLI as users run it: the BUILT bin (`npm run build` first; `npm run test:cli` does
 * both) in a real node process against the test's private redis-server. Every command, the
 * `--json` shapes, exit codes 0/1/2, usage errors, a namespace only Go pools serve, and an enqueue
 * whose bytes are exactly what the library's Enqueuer writes.
 */
import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { Enqueuer, silentLogger } from 'nestjs-gocraft-work/core';
import { serializeJob } from 'nestjs-gocraft-work/testing';
import { CLI_BIN, CliRun, requireBuiltCli, runCli } from '../harness/cli-bin';
import { deleteNamespace, testNamespace, testRedisUrl } from '../harness/redis';

jest.setTimeout(60_000);

function work(args: string[], redisUrl = testRedisUrl()): Promise<CliRun> {
  return runCli(['--redis', redisUrl, ...args]);
}

describe('work CLI (built bin, real process)', () => {
  let ns: string;
  let redis: Redis;
  const key = (suffix: string) => `${ns}:${suffix}`;
  const w = (...args: string[]) => work(['--ns', ns, ...args]);
  const json = async (...args: string[]) => {
    const ran = await w('--json', ...args);
    expect([args, ran.code, ran.stderr]).toEqual([args, 0, '']);
    return JSON.parse(ran.stdout);
  };

  beforeAll(() => requireBuiltCli('test:cli'));
  beforeEach(() => {
    ns = testNamespace('cli');
    redis = new Redis(testRedisUrl());
  });
  afterEach(async () => {
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  it('enqueue writes the bytes the Enqueuer writes (plain, delayed, unique, by key)', async () => {
    const plain = await json(
      'enqueue',
      'mail',
      '--args',
      '{"to":"a<b>@x.io","n":1.5,"z":[1,"two"]}',
    );
    expect(plain).toMatchObject({ status: 'ok', name: 'mail', run_at: null });
    const [bytes] = await redis.lrange(key('jobs:mail'), 0, -1);
    expect(bytes).toBe(
      serializeJob({
        name: 'mail',
        id: plain.id,
        enqueuedAt: plain.enqueued_at,
        args: { to: 'a<b>@x.io', n: 1.5, z: [1, 'two'] },
      }),
    );
    expect(await redis.smembers(key('known_jobs'))).toEqual(['mail']);

    // The same calls through the library, for the unique keys and schedule it writes.
    const lib = new Enqueuer({
      namespace: `${ns}-lib`,
      redis: testRedisUrl(),
      logger: silentLogger,
    });
    try {
      const scheduled = await json(
        'enqueue',
        'report',
        '--in',
        '5m',
        '--unique',
        '--args',
        '{"day":"mon"}',
      );
      expect(scheduled.run_at - scheduled.enqueued_at).toBe(300);
      const [member, score] = await redis.zrange(key('scheduled'), 0, -1, 'WITHSCORES');
      expect(Number(score)).toBe(scheduled.run_at);
      const expected = JSON.parse(member);
      expect(member).toBe(
        serializeJob({
          name: 'report',
          id: scheduled.id,
          enqueuedAt: scheduled.enqueued_at,
          args: { day: 'mon' },
          unique: true,
        }),
      );
      expect(expected.unique).toBe(true);
      const libJob = await lib.enqueueUniqueIn('report', 300, { day: 'mon' });
      const libKeys = (await redis.keys(`${ns}-lib:unique:*`)).map((k) =>
        k.slice(`${ns}-lib`.length),
      );
      const cliKeys = (await redis.keys(`${ns}:unique:*`)).map((k) => k.slice(ns.length));
      expect(cliKeys).toEqual(libKeys);
      expect(libJob).not.toBeNull();

      const dup = await w('enqueue', 'report', '--in', '5m', '--unique', '--args', '{"day":"mon"}');
      expect(dup.code).toBe(1);
      expect(dup.stderr).toMatch(/^work: not enqueued: a report job with the same unique key/);

      const byKey = await json(
        'enqueue',
        'sync',
        '--unique-key',
        '{"account":7}',
        '--args',
        '{"account":7,"full":true}',
      );
      const [keyed] = await redis.lrange(key('jobs:sync'), 0, -1);
      await lib.enqueueUniqueByKey('sync', { account: 7, full: true }, { account: 7 });
      const [libKeyed] = await redis.lrange(`${ns}-lib:jobs:sync`, 0, -1);
      const libParsed = JSON.parse(libKeyed);
      expect(keyed).toBe(
        libKeyed
          .replace(libParsed.id, byKey.id)
          .replace(`"t":${libParsed.t}`, `"t":${byKey.enqueued_at}`)
          .replace(`${ns}-lib:`, `${ns}:`),
      );
    } finally {
      await deleteNamespace(redis, `${ns}-lib`);
      await lib.close();
    }
  });

  it('queues, processes, pause and unpause, with text and --json', async () => {
    await w('enqueue', 'mail');
    expect(await json('queues')).toEqual([
      {
        job_name: 'mail',
        count: 1,
        latency: expect.any(Number),
        paused: false,
        max_concurrency: 0,
        lock: 0,
        priority: null,
        configured_max_concurrency: [],
      },
    ]);
    const text = await w('queues');
    expect(text.stdout.split('\n')[0]).toBe(
      'NAME  QUEUED  LATENCY_S  IN_FLIGHT  MAX_CONCURRENCY  STATE',
    );
    expect(await json('pause', 'mail')).toEqual({ status: 'ok', name: 'mail', paused: true });
    expect(await redis.get(key('jobs:mail:paused'))).toBe('1');
    expect((await w('queues')).stdout).toContain('paused');
    expect(await json('unpause', 'mail')).toEqual({ status: 'ok', name: 'mail', paused: false });
    expect(await redis.exists(key('jobs:mail:paused'))).toBe(0);

    // A Go pool's heartbeat and a busy worker, as Go writes them.
    await redis.sadd(key('worker_pools'), 'p1');
    await redis.hset(
      key('worker_pools:p1'),
      'heartbeat_at',
      1700000000,
      'started_at',
      1699999000,
      'job_names',
      'mail',
      'concurrency',
      2,
      'worker_ids',
      'w1,w2',
      'host',
      'gohost',
      'pid',
      42,
    );
    await redis.hset(
      key('worker:w1'),
      'job_name',
      'mail',
      'job_id',
      'j1',
      'started_at',
      1700000000,
      'args',
      '{"a":1}',
      'checkin',
      'half',
      'checkin_at',
      1700000001,
    );
    const processes = await json('processes');
    expect(processes.pools).toEqual([
      {
        worker_pool_id: 'p1',
        started_at: 1699999000,
        heartbeat_at: 1700000000,
        job_names: ['mail'],
        concurrency: 2,
        host: 'gohost',
        pid: 42,
        worker_ids: ['w1', 'w2'],
      },
    ]);
    expect(processes.busy).toEqual([
      {
        worker_id: 'w1',
        is_busy: true,
        job_name: 'mail',
        job_id: 'j1',
        started_at: 1700000000,
        args_json: '{"a":1}',
        checkin: 'half',
        checkin_at: 1700000001,
      },
    ]);
  });

  it('lists, retries and deletes in a namespace only Go pools serve', async () => {
    // Written as gocraft's Go workers leave them; no pool of ours ever touched this namespace.
    await redis.sadd(key('known_jobs'), 'mail', 'sms');
    for (let i = 0; i < 6; i++) {
      const name = i % 2 ? 'sms' : 'mail';
      await redis.zadd(
        key('dead'),
        1700000000 + i,
        serializeJob({
          name,
          id: `d${i}`,
          enqueuedAt: 1699990000,
          args: { i },
          fails: 4,
          lastErr: i === 3 ? 'smtp timeout' : 'boom',
          failedAt: 1700000000 + i,
        }),
      );
    }
    await redis.zadd(
      key('retry'),
      1800000000,
      serializeJob({
        name: 'mail',
        id: 'r1',
        enqueuedAt: 1699990000,
        args: null,
        fails: 1,
        lastErr: 'x',
        failedAt: 1700000000,
      }),
    );

    const listed = await json('dead', 'list', '--limit', '2');
    expect(listed).toMatchObject({ set: 'dead', total: 6 });
    expect(listed.jobs.map((j: { id: string }) => j.id)).toEqual(['d5', 'd4']);
    const filtered = await json('dead', 'list', '--name', 'sms', '--q', 'timeout');
    expect(filtered.jobs.map((j: { id: string; score: number }) => [j.id, j.score])).toEqual([
      ['d3', 1700000003],
    ]);
    expect((await w('dead', 'list', '--order', 'asc', '--limit', '1')).stdout).toContain('d0');

    expect(await json('dead', 'retry', 'd4')).toEqual({
      status: 'ok',
      set: 'dead',
      action: 'retry',
      id: 'd4',
    });
    const [retried] = await redis.lrange(key('jobs:mail'), 0, -1);
    expect(JSON.parse(retried)).toMatchObject({ id: 'd4', args: { i: 4 } });
    expect(JSON.parse(retried).fails).toBeUndefined();
    expect(await json('dead', 'delete', 'd0')).toMatchObject({ status: 'ok', id: 'd0' });
    expect(await json('dead', 'retry', '--all', '--name', 'sms')).toEqual({
      status: 'ok',
      set: 'dead',
      action: 'retry',
      requeued: 3,
      unknown: 0,
      unencodable: 0,
    });
    expect(await redis.llen(key('jobs:sms'))).toBe(3);
    expect(await json('dead', 'delete', '--all')).toEqual({
      status: 'ok',
      set: 'dead',
      action: 'delete',
      deleted: 1,
    });
    expect(await redis.exists(key('dead'))).toBe(0);

    expect(await json('retry', 'retry', 'r1')).toMatchObject({ status: 'ok', id: 'r1' });
    expect(await redis.llen(key('jobs:mail'))).toBe(2);
    await w('enqueue', 'sms', '--in', '1h');
    expect(await json('scheduled', 'retry', '--all')).toEqual({
      status: 'ok',
      set: 'scheduled',
      action: 'retry',
      moved: 1,
      left: 0,
    });
    expect(await redis.llen(key('jobs:sms'))).toBe(4);
  });

  it('exit codes: 2 for bad usage with a one-line reason, 1 for a failed operation', async () => {
    const usage: Array<[string[], RegExp]> = [
      [['bogus'], /unknown command 'bogus'/],
      [['enqueue'], /missing required argument 'name'/],
      [['enqueue', 'x', '--in', 'soon'], /--in must be a duration/],
      [['enqueue', 'x', '--args', '[1]'], /--args must be a JSON object/],
      [['enqueue', 'x', '--args', '{oops'], /--args must be a JSON object/],
      [['enqueue', 'x', '--unique', '--unique-key', '{}'], /cannot be used together/],
      [['dead', 'retry'], /needs a job id or --all/],
      [['dead', 'retry', 'x', '--all'], /needs a job id or --all/],
      [['dead', 'list', '--limit', '0'], /--limit must be an integer from 1 to 1000/],
      [['queues', '--nope'], /unknown option '--nope'/],
    ];
    for (const [args, reason] of usage) {
      const ran = await w(...args);
      expect([args, ran.code, ran.stdout]).toEqual([args, 2, '']);
      expect(ran.stderr.trim().split('\n')).toHaveLength(1);
      expect(ran.stderr).toMatch(reason);
    }
    const missing = await w('dead', 'delete', 'nope');
    expect([missing.code, missing.stderr]).toEqual([
      1,
      'work: no job with id nope in retry, scheduled or dead\n',
    ]);
    const missingJson = await w('--json', 'dead', 'delete', 'nope');
    expect(JSON.parse(missingJson.stderr)).toEqual({
      error: 'no job with id nope in retry, scheduled or dead',
      exit_code: 1,
    });
    const started = Date.now();
    const down = await work(['queues'], 'redis://127.0.0.1:1');
    expect([down.code, down.stderr]).toEqual([
      1,
      'work: cannot reach Redis at redis://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n',
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await w('--help')).code).toBe(0);
    expect((await w('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('dashboard serves the page at the root and the API under api/, read-only when asked', async () => {
    const child = spawn(process.execPath, [
      CLI_BIN,
      '--redis',
      testRedisUrl(),
      '--ns',
      ns,
      'dashboard',
      '--listen',
      '127.0.0.1:0',
      '--read-only',
    ]);
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 20_000;
      while (!/open (http:\/\/\S+)/.test(out)) {
        if (Date.now() > deadline) throw new Error(`no address printed: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const url = /open (http:\/\/\S+)/.exec(out)![1];
      expect(out.split('\n')[0]).toBe(
        `dashboard for namespace "${ns}" on ${testRedisUrl()} (read-only)`,
      );
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<meta name="work-api" content="api/" />');
      expect(await (await fetch(`${url}api/settings`)).json()).toEqual({ read_only: true });
      expect((await fetch(`${url}api/delete_all_dead_jobs`, { method: 'POST' })).status).toBe(403);
      // Nest's shutdown hooks close the app, then end the process with the same signal.
      const exited = new Promise<string | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      child.kill('SIGTERM');
      expect(await exited).toBe('SIGTERM');
    } finally {
      child.kill('SIGKILL');
    }
    const bad = await w('dashboard', '--listen', 'nowhere');
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'work: listen must be host:port (e.g. 127.0.0.1:5040), got "nowhere"\n',
    ]);
  });
});
