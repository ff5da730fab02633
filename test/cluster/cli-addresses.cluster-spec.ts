/**
 * The `work` CLI (the BUILT bin, a real process; `npm run test:cluster` builds it first) on every
 * address form the standalone dashboard takes: a private 3-master cluster as `cluster://…` with `--shards`, a TLS-only server as
 * `rediss://…` with `--redis-ca-file`, and the fast, plain failure when one cannot be reached.
 */
import { Cluster } from 'ioredis';
import { ShardedEnqueuer, silentLogger } from 'nestjs-gocraft-work/core';
import { requireBuiltCli, runCli } from '../harness/cli-bin';
import { testNamespace } from '../harness/redis';
import {
  PrivateCluster,
  PrivateTlsRedis,
  startPrivateCluster,
  startPrivateTlsRedis,
} from '../../scripts/private-topologies';

jest.setTimeout(60_000);

beforeAll(() => requireBuiltCli('test:cluster'));

describe('work CLI on a cluster:// address with --shards', () => {
  const SHARDS = 3;
  const ns = testNamespace('clicl');
  let cluster: PrivateCluster;
  let redis: Cluster;
  let address: string;
  beforeAll(async () => {
    cluster = await startPrivateCluster();
    redis = new Cluster(cluster.nodes);
    address = `cluster://${cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  });
  afterAll(async () => {
    await redis?.quit();
    await cluster?.stop();
  });
  const w = (...args: string[]) =>
    runCli(['--redis', address, '--ns', ns, '--shards', String(SHARDS), '--json', ...args]);

  it('enqueues unique jobs once across shards and lists every shard', async () => {
    for (let i = 0; i < 6; i++) {
      const first = await w('enqueue', 'mail', '--args', JSON.stringify({ i }), '--unique');
      expect([first.code, first.stderr]).toEqual([0, '']);
      const again = await w('enqueue', 'mail', '--args', JSON.stringify({ i }), '--unique');
      expect(again.code).toBe(1);
    }
    const queued = await Promise.all(
      Array.from({ length: SHARDS }, (_, s) => redis.llen(`{${ns}-${s}}:jobs:mail`)),
    );
    expect(queued.reduce((a, b) => a + b, 0)).toBe(6);

    const queues = await w('queues');
    expect([queues.code, queues.stderr]).toEqual([0, '']);
    expect(JSON.parse(queues.stdout)).toEqual([
      expect.objectContaining({ job_name: 'mail', count: 6 }),
    ]);

    // Scheduled jobs go to the shards in turn; `list` walks every shard.
    const producer = new ShardedEnqueuer({
      namespace: ns,
      shards: SHARDS,
      redis: { cluster: cluster.nodes },
      logger: silentLogger,
    });
    for (let i = 0; i < SHARDS; i++) await producer.enqueueIn('later', 3600, { i });
    await producer.close();
    const listed = await w('scheduled', 'list');
    expect([listed.code, listed.stderr]).toEqual([0, '']);
    const page = JSON.parse(listed.stdout);
    expect(page.total).toBe(SHARDS);
    expect(page.jobs.map((j: { args: { i: number } }) => j.args.i).sort()).toEqual([0, 1, 2]);
    const deleted = await w('scheduled', 'delete', '--all');
    expect(JSON.parse(deleted.stdout)).toMatchObject({ status: 'ok', deleted: SHARDS });
  });

  it('says plainly when no cluster node answers', async () => {
    const ran = await runCli(['--redis', 'cluster://127.0.0.1:1', '--shards', '2', 'queues']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^work: cannot reach Redis at cluster:\/\/127\.0\.0\.1:1: .+\n$/);
  });

  it('refuses a bad --shards or address as usage (exit 2)', async () => {
    const shards = await runCli(['--redis', address, '--shards', '0', 'queues']);
    expect([shards.code, shards.stderr]).toEqual([
      2,
      'work: --shards must be an integer from 1 to 1024, got "0"\n',
    ]);
    const bad = await runCli(['--redis', 'cluster://a:1,b', 'queues']);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'work: --redis: each cluster node must be host:port, got "b"\n',
    ]);
  });
});

describe('work CLI on rediss:// with --redis-ca-file', () => {
  let tls: PrivateTlsRedis;
  beforeAll(async () => {
    tls = await startPrivateTlsRedis();
  });
  afterAll(async () => {
    await tls?.stop();
  });

  it('connects with the CA file and fails fast, with the TLS reason, without it', async () => {
    const ns = testNamespace('clitls');
    const trusted = ['--redis', tls.url, '--redis-ca-file', tls.caFile, '--ns', ns, '--json'];
    const ok = await runCli([...trusted, 'enqueue', 'mail']);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    const queues = await runCli([...trusted, 'queues']);
    expect(JSON.parse(queues.stdout)).toEqual([
      expect.objectContaining({ job_name: 'mail', count: 1 }),
    ]);

    const untrusted = await runCli(['--redis', tls.url, '--ns', ns, 'queues']);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(
      new RegExp(`^work: cannot reach Redis at ${tls.url.replace(/\./g, '\\.')}: .*certificate`),
    );
    const missing = await runCli([
      '--redis',
      tls.url,
      '--redis-ca-file',
      '/nonexistent/ca.pem',
      'queues',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^work: --redis-ca-file: ENOENT/);
  });
});
