/**
 * TLS and ACL: every connection the library opens (commands, the wake-up subscriber, the
 * heartbeat thread) works over TLS with a private CA, also through a TLS sentinel from a
 * `sentinel://` address and a CA file, and users holding exactly the ACL rules of
 * docs/scaling.md can do their job: an enqueuer user enqueues, a pool user runs, retries, kills and
 * reaps jobs, and a read-only dashboard user reads everything and changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis, { RedisOptions } from 'ioredis';
import {
  Client,
  Enqueuer,
  redisSourceFromAddress,
  silentLogger,
  WorkerPool,
} from 'nestjs-gocraft-work/core';
import { testNamespace, waitFor } from '../harness/redis';
import {
  PrivateTlsRedis,
  startPrivateTlsRedis,
  startPrivateTlsSentinel,
} from '../../scripts/private-topologies';

jest.setTimeout(60_000);

/**
 * The ACL rules docs/scaling.md gives, read from it (so the page and the test cannot drift), for
 * namespace `ns`: the rule tokens after each `ACL SETUSER work-<role> on >password`.
 */
function aclRules(ns: string): Record<'pool' | 'enqueuer' | 'dashboard', string[]> {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'scaling.md'), 'utf8');
  const rules: Record<string, string[]> = {};
  for (const m of doc.matchAll(/^ACL SETUSER work-(\w+) on >\S+ (.+)$/gm))
    rules[m[1]] = m[2].split(' ').map((token) => token.replace(/NS/g, ns));
  expect(Object.keys(rules).sort()).toEqual(['dashboard', 'enqueuer', 'pool']);
  return rules as Record<'pool' | 'enqueuer' | 'dashboard', string[]>;
}

let tls: PrivateTlsRedis;
let admin: Redis;
let ca: Buffer;
beforeAll(async () => {
  tls = await startPrivateTlsRedis();
  ca = readFileSync(tls.caFile);
  admin = new Redis({ host: '127.0.0.1', port: tls.port, tls: { ca } });
});
afterAll(async () => {
  admin?.disconnect();
  await tls?.stop();
});

function asUser(username?: string): RedisOptions {
  return {
    host: '127.0.0.1',
    port: tls.port,
    tls: { ca },
    ...(username ? { username, password: `${username}-secret` } : {}),
  };
}

async function dump(ns: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of (await admin.keys(`${ns}:*`)).sort())
    out[key] = [await admin.type(key), await admin.dump(key)];
  return out;
}

describe('TLS', () => {
  it('runs an enqueuer, a pool (subscriber and heartbeat thread included) and a client', async () => {
    const ns = testNamespace('tls');
    const enqueuer = new Enqueuer({ namespace: ns, redis: asUser(), logger: silentLogger });
    const pool = new WorkerPool({
      namespace: ns,
      redis: asUser(),
      logger: silentLogger,
      pollIntervalMs: 60_000,
      heartbeatIntervalMs: 200,
      deadAfterSeconds: 2,
    });
    let ran = 0;
    pool.job('secure', () => void ran++);
    await pool.start();
    try {
      // The heartbeat thread's own TLS connection refreshes heartbeat_at.
      const first = await admin.hget(`${ns}:worker_pools:${pool.poolId}`, 'heartbeat_at');
      await admin.hdel(`${ns}:worker_pools:${pool.poolId}`, 'heartbeat_at');
      await waitFor(
        async () =>
          (await admin.hget(`${ns}:worker_pools:${pool.poolId}`, 'heartbeat_at')) !== null,
        'the heartbeat thread to beat again',
      );
      expect(first).not.toBeNull();
      await waitFor(
        async () => (await admin.pubsub('NUMSUB', `${ns}:wake`))[1] === 1,
        'the subscriber to subscribe over TLS',
      );
      await enqueuer.enqueue('secure', null);
      await waitFor(() => ran === 1, 'the woken pool to run the job');
      const client = new Client({ namespace: ns, redis: asUser(), logger: silentLogger });
      expect((await client.workerPoolHeartbeats()).map((h) => h.worker_pool_id)).toEqual([
        pool.poolId,
      ]);
      await client.close();
    } finally {
      await pool.stop();
      await enqueuer.close();
    }
  });
});

describe('TLS behind Sentinel', () => {
  it('reaches a TLS primary through a TLS sentinel from a sentinel:// address and a CA file', async () => {
    const sentinel = await startPrivateTlsSentinel(tls);
    const ns = testNamespace('tlssentinel');
    const address = `sentinel://127.0.0.1:${sentinel.port}/${sentinel.masterName}`;
    const redis = redisSourceFromAddress(address, { caFile: tls.caFile });
    const enqueuer = new Enqueuer({ namespace: ns, redis, logger: silentLogger });
    const pool = new WorkerPool({ namespace: ns, redis, logger: silentLogger });
    const ran: unknown[] = [];
    pool.job('behind', (job) => void ran.push(job.args));
    try {
      // Both hops must be TLS: the sentinel and the primary listen on nothing else.
      const job = await enqueuer.enqueue('behind', { n: 1 });
      expect(await admin.lrange(`${ns}:jobs:behind`, 0, -1)).toEqual([
        `{"name":"behind","id":"${job.id}","t":${job.enqueuedAt},"args":{"n":1}}`,
      ]);
      await pool.start();
      await waitFor(() => ran.length === 1, 'the pool to run the job');
      expect(ran).toEqual([{ n: 1 }]);
    } finally {
      await pool.stop();
      await enqueuer.close();
      await sentinel.stop();
    }
  });
});

describe('ACL', () => {
  const ns = testNamespace('acl');
  beforeAll(async () => {
    for (const [user, rules] of Object.entries(aclRules(ns)))
      await admin.call('ACL', 'SETUSER', user, 'reset', 'on', `>${user}-secret`, ...rules);
  });

  it('lets the enqueuer and pool users do their whole job', async () => {
    const enqueuer = new Enqueuer({
      namespace: ns,
      redis: asUser('enqueuer'),
      logger: silentLogger,
    });
    await enqueuer.enqueue('ok', { a: 1 });
    await enqueuer.enqueueUnique('dies', { b: 2 });
    await enqueuer.enqueueIn('later', 0, null);
    await enqueuer.enqueueBulk([{ name: 'ok', args: null }]);
    const pool = new WorkerPool({
      namespace: ns,
      redis: asUser('pool'),
      logger: silentLogger,
      pollIntervalMs: 20,
      requeueIntervalMs: 50,
      reapIntervalMs: 100,
    });
    let ok = 0;
    pool.job('ok', () => void ok++);
    pool.job('later', () => void ok++);
    pool.job('dies', () => Promise.reject(new Error('no')), { maxFails: 1 });
    await pool.start();
    try {
      await waitFor(
        async () => ok === 3 && (await admin.zcard(`${ns}:dead`)) === 1,
        'every job to run and one to die',
        10_000,
      );
      await pool.drain();
      expect(await admin.exists(`${ns}:unique:dies:{"b":2}\n`)).toBe(0);
      expect(await admin.get(`${ns}:jobs:ok:lock`)).toBe('0');
    } finally {
      await pool.stop();
      await enqueuer.close();
    }
  });

  it('gives the dashboard user every read and no write', async () => {
    await admin.zadd(
      `${ns}:dead`,
      100,
      '{"name":"ok","id":"deadbeefdeadbeefdeadbeef","t":1,"args":null,"fails":4,"err":"x","failed_at":100}',
    );
    const client = new Client({ namespace: ns, redis: asUser('dashboard'), logger: silentLogger });
    const before = await dump(ns);
    try {
      expect((await client.deadJobs()).count).toBeGreaterThan(0);
      await client.queues();
      await client.scheduledJobs();
      await client.retryJobs();
      await client.workerPoolHeartbeats();
      await client.workerObservations();
      await expect(client.pauseJob('ok')).rejects.toThrow(/NOPERM|EXECABORT/);
      await expect(client.retryAllDeadJobs()).rejects.toThrow(/NOPERM|EXECABORT/);
      await expect(client.deleteAllDeadJobs()).rejects.toThrow(/NOPERM|EXECABORT/);
      await expect(client.retryDeadJob(100, 'deadbeefdeadbeefdeadbeef')).rejects.toThrow(
        /NOPERM|EXECABORT/,
      );
      await expect(client.deleteQueue('ok')).rejects.toThrow(/NOPERM|EXECABORT/);
      expect(await dump(ns)).toEqual(before);
    } finally {
      await client.close();
    }
  });
});
