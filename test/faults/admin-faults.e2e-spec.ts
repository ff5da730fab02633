/**
 * The admin API under hostile requests and a Redis that cannot answer: DNS rebinding (a foreign
 * Host with a matching Origin), a throwing authorize hook, delete_queue aimed at bookkeeping keys,
 * and reads while Redis is down or its connection is stalled (half-open, through the chaos
 * suite's loopback proxy).
 */
import * as http from 'node:http';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { WorkModule } from 'nestjs-gocraft-work';
import type { WorkModuleExtras, WorkModuleOptions } from 'nestjs-gocraft-work';
import { freePort } from 'nestjs-gocraft-work/testing';
import { ChaosProxy } from '../chaos/tcp-proxy';
import { deleteNamespace, testNamespace, testRedisUrl } from '../harness/redis';

jest.setTimeout(30_000);

interface Reply {
  status: number;
  body: { error?: string } & Record<string, unknown>;
}

/** A request with full control of the headers (fetch would not let us set Host). */
function call(port: number, method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('admin API faults', () => {
  let app: INestApplication | null = null;
  let port = 0;
  const ns = testNamespace('adminfaults');
  const redis = new Redis(testRedisUrl());

  async function serve(options: Partial<WorkModuleOptions & WorkModuleExtras>): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        WorkModule.forRoot({
          namespace: ns,
          redis: testRedisUrl(),
          runPool: false,
          logger: false,
          admin: { path: 'admin/work' },
          ...options,
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  }

  afterEach(async () => {
    await app?.close();
    app = null;
    await deleteNamespace(redis, ns);
  });
  afterAll(() => redis.quit());

  it('refuses a Host outside allowedHosts even with a matching Origin (DNS rebinding)', async () => {
    await serve({ allowedHosts: ['localhost', '127.0.0.1', '::1'] });
    const rebound = { host: `attacker.example:${port}`, origin: `http://attacker.example:${port}` };
    const read = await call(port, 'GET', '/admin/work/queues', rebound);
    expect(read.status).toBe(403);
    expect(read.body.error).toMatch(/^host "attacker.example:\d+" is not in allowedHosts/);
    expect((await call(port, 'POST', '/admin/work/delete_all_dead_jobs', rebound)).status).toBe(
      403,
    );
    const local = await call(port, 'GET', '/admin/work/queues', { host: `localhost:${port}` });
    expect(local.status).toBe(200);
    expect((await call(port, 'GET', '/admin/work/queues', { host: `[::1]:${port}` })).status).toBe(
      200,
    );
  });

  it('answers 500 without the message when authorize throws', async () => {
    await serve({
      authorize: () => {
        throw new Error('cannot reach redis://admin:s3cret@sessions.internal:6379');
      },
    });
    const reply = await call(port, 'GET', '/admin/work/queues');
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({
      error: 'the authorize hook failed; the error is in the server log',
    });
  });

  it('delete_queue refuses bookkeeping keys with a 400 and deletes nothing', async () => {
    await serve({});
    await redis.set(`${ns}:jobs:export:lock`, '2');
    await redis.rpush(`${ns}:jobs:export:0123456789abcdef01234567:inprogress`, 'job');
    for (const name of ['export:lock', 'export:0123456789abcdef01234567:inprogress']) {
      const path = `/admin/work/delete_queue/${encodeURIComponent(name)}?confirm=${encodeURIComponent(name)}`;
      const reply = await call(port, 'POST', path);
      expect(reply.status).toBe(400);
      expect(reply.body.error).toMatch(/^job name "export:.*" ends with ":(lock|inprogress)"/);
    }
    expect(await redis.get(`${ns}:jobs:export:lock`)).toBe('2');
    expect(await redis.llen(`${ns}:jobs:export:0123456789abcdef01234567:inprogress`)).toBe(1);
  });

  it('answers reads with 503 within the command timeout while Redis is down', async () => {
    const deadPort = await freePort();
    await serve({ redis: { host: '127.0.0.1', port: deadPort, commandTimeout: 500 } });
    const started = Date.now();
    const reply = await call(port, 'GET', '/admin/work/queues');
    expect(reply.status).toBe(503);
    expect(reply.body.error).toMatch(/^Redis unavailable: /);
    expect(Date.now() - started).toBeLessThan(500 + 500);
  });

  it('answers reads with 503 within the command timeout while its connection is stalled', async () => {
    // Half-open: the proxy holds the bytes both ways and closes nothing, so the connection still
    // looks ready and only the command timeout can end a read (docs/reliability.md, time bounds).
    const proxy = new ChaosProxy(Number(new URL(testRedisUrl()).port));
    await proxy.start();
    try {
      // socketTimeout above commandTimeout, but short: ioredis leaves its (referenced) socket
      // timer running when a stalled connection is closed, which would hold Jest 10 s.
      await serve({
        redis: { host: '127.0.0.1', port: proxy.port, commandTimeout: 500, socketTimeout: 1000 },
      });
      expect((await call(port, 'GET', '/admin/work/queues')).status).toBe(200);
      proxy.setMode('stall');
      const started = Date.now();
      const reply = await call(port, 'GET', '/admin/work/queues');
      const elapsed = Date.now() - started;
      expect(reply.status).toBe(503);
      expect(reply.body.error).toMatch(/^Redis unavailable: /);
      // It waited for the timeout (the stall was in the way), and no longer than the bound.
      expect(elapsed).toBeGreaterThanOrEqual(450);
      expect(elapsed).toBeLessThan(500 + 500);
    } finally {
      // Closed while stalled: the app's QUIT times out too and it disconnects; then the proxy.
      await app?.close();
      app = null;
      await proxy.stop();
    }
  });
});

describe('listing a job nested deeper than JSON.stringify goes', () => {
  const ns = testNamespace('deeplist');
  const redis = new Redis(testRedisUrl());
  afterAll(async () => {
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  it('shows it raw instead of failing the whole page', async () => {
    const { Client, silentLogger } = await import('nestjs-gocraft-work/core');
    const nested = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    const raw = `{"name":"deep","id":"d1","t":1,"args":${nested},"fails":1,"err":"x","failed_at":5}`;
    await redis.zadd(`${ns}:dead`, 5, raw);
    await redis.zadd(
      `${ns}:dead`,
      6,
      '{"name":"ok","id":"o1","t":1,"args":{},"fails":1,"err":"y","failed_at":6}',
    );
    const client = new Client({ namespace: ns, redis: testRedisUrl(), logger: silentLogger });
    try {
      const page = await client.deadJobs();
      expect(page.jobs.map((j) => j.id).sort()).toEqual(['d1', 'o1']);
      const deep = page.jobs.find((j) => j.id === 'd1')!;
      expect(deep.args).toBeNull();
      expect(deep.parse_error).toBe('args nest deeper than 1000 levels');
      expect(() => JSON.stringify(page)).not.toThrow();
      const found = await client.findJob('d1');
      expect(() => JSON.stringify(found)).not.toThrow();
    } finally {
      await client.close();
    }
  });
});
