/**
 * Sharded mode on a private 3-master cluster: the shards sit in different slots, unique jobs are
 * deduped across shards and enqueuers, other jobs spread evenly, one sharded pool drains every
 * shard, periodic jobs fire once per tick with two pools, and the sharded client aggregates every
 * shard. Each shard keeps the plain gocraft layout.
 */
import { Cluster } from 'ioredis';
import {
  shardNamespaces,
  ShardedClient,
  ShardedEnqueuer,
  ShardedWorkerPool,
  silentLogger,
} from 'nestjs-gocraft-work/core';
import { waitFor } from '../harness/redis';
import { PrivateCluster, startPrivateCluster } from '../../scripts/private-topologies';
import { randomBytes } from 'node:crypto';

jest.setTimeout(60_000);

let cluster: PrivateCluster;
let redis: Cluster;
beforeAll(async () => {
  cluster = await startPrivateCluster();
  redis = new Cluster(cluster.nodes);
});
afterAll(async () => {
  await redis?.quit();
  await cluster?.stop();
});

const SHARDS = 3;

describe('sharded namespaces on Redis Cluster', () => {
  let base: string;
  const closers: Array<() => Promise<void>> = [];
  const source = () => ({ cluster: cluster.nodes });
  const enqueuer = () => {
    const e = new ShardedEnqueuer({
      namespace: base,
      shards: SHARDS,
      redis: source(),
      logger: silentLogger,
    });
    closers.push(() => e.close());
    return e;
  };
  const pool = (options: { periodicPeriodMs?: number } = {}) => {
    const p = new ShardedWorkerPool({
      namespace: base,
      shards: SHARDS,
      redis: source(),
      logger: silentLogger,
      pollIntervalMs: 20,
      requeueIntervalMs: 50,
      concurrency: 3,
      ...options,
    });
    closers.push(() => p.stop());
    return p;
  };
  beforeEach(() => (base = `t-shard-${randomBytes(4).toString('hex')}`));
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('names one hash-tagged namespace per shard, each in its own slot', async () => {
    const namespaces = shardNamespaces(base, SHARDS);
    expect(namespaces).toEqual([0, 1, 2].map((i) => `{${base}-${i}}`));
    const slots = await Promise.all(
      namespaces.map((ns) => redis.call('CLUSTER', 'KEYSLOT', `${ns}:jobs:x`)),
    );
    expect(new Set(slots).size).toBe(SHARDS);
    expect(() => shardNamespaces('{work}', 2)).toThrow(/without "\{" or "\}"/);
    expect(() => shardNamespaces('work', 0)).toThrow(/"shards" must be an integer from 1/);
  });

  it('dedupes unique jobs across shards and enqueuers, and spreads the others evenly', async () => {
    const [a, b] = [enqueuer(), enqueuer()];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).enqueueUnique('once', { k: 1 })),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const byKey = await Promise.all([
      a.enqueueUniqueByKey('bykey', { v: 1 }, { user: 7 }),
      b.enqueueUniqueByKey('bykey', { v: 2 }, { user: 7 }),
    ]);
    expect(byKey.filter((r) => r !== null)).toHaveLength(1);
    await a.enqueueBulk(Array.from({ length: 30 }, (_, i) => ({ name: 'spread', args: { i } })));
    const namespaces = shardNamespaces(base, SHARDS);
    const counts = await Promise.all(
      namespaces.map(async (ns) => ({
        once: await redis.llen(`${ns}:jobs:once`),
        bykey: await redis.llen(`${ns}:jobs:bykey`),
        spread: await redis.llen(`${ns}:jobs:spread`),
      })),
    );
    expect(counts.reduce((n, c) => n + c.once, 0)).toBe(1);
    expect(counts.reduce((n, c) => n + c.bykey, 0)).toBe(1);
    expect(counts.map((c) => c.spread)).toEqual([10, 10, 10]);
  });

  it('drains every shard with one sharded pool, keeping the gocraft layout per shard', async () => {
    const e = enqueuer();
    await e.enqueueBulk(Array.from({ length: 60 }, (_, i) => ({ name: 'work', args: { i } })));
    for (let i = 0; i < 6; i++) await e.enqueue('single', { i });
    const seen = new Set<number>();
    const p = pool();
    p.job('work', (job) => void seen.add(job.args?.i as number));
    p.job('single', () => undefined);
    await p.start();
    await waitFor(() => seen.size === 60, 'all 60 jobs to run', 20_000);
    await p.drain();
    for (const ns of shardNamespaces(base, SHARDS)) {
      expect(await redis.llen(`${ns}:jobs:work`)).toBe(0);
      expect(await redis.get(`${ns}:jobs:work:lock`)).toBe('0');
      expect((await redis.smembers(`${ns}:known_jobs`)).sort()).toEqual(['single', 'work']);
    }
  });

  it('fires a periodic job once per tick with two sharded pools', async () => {
    const runs: string[] = [];
    const pools = [pool({ periodicPeriodMs: 100 }), pool({ periodicPeriodMs: 100 })];
    for (const p of pools) {
      p.job('tick', (job) => void runs.push(job.id));
      p.periodicallyEnqueue('* * * * * *', 'tick');
    }
    await Promise.all(pools.map((p) => p.start()));
    await waitFor(() => runs.length >= 3, 'three ticks', 15_000);
    await Promise.all(pools.map((p) => p.stop()));
    expect(new Set(runs).size).toBe(runs.length);
    const [, ...others] = shardNamespaces(base, SHARDS);
    for (const ns of others)
      expect(await redis.exists(`${ns}:scheduled`, `${ns}:jobs:tick`)).toBe(0);
  });

  it('aggregates every shard in the sharded client', async () => {
    const e = enqueuer();
    await e.enqueueBulk(Array.from({ length: 9 }, () => ({ name: 'listed', args: null })));
    const p = pool();
    p.job('dies', () => Promise.reject(new Error('no')), { maxFails: 1 });
    await p.start();
    for (let i = 0; i < 3; i++) await e.enqueue('dies', { i });
    const client = new ShardedClient({
      namespace: base,
      shards: SHARDS,
      redis: source(),
      logger: silentLogger,
    });
    closers.push(() => client.close());
    await waitFor(
      async () => (await client.deadJobs()).count === 3,
      'three dead jobs, one per shard',
    );
    const queues = await client.queues();
    expect(queues.find((q) => q.job_name === 'listed')?.count).toBe(9);
    expect(await client.workerPoolHeartbeats()).toHaveLength(SHARDS);
    const dead = await client.deadJobs(1, 2);
    expect(dead.count).toBe(3);
    expect(dead.jobs).toHaveLength(2);
    const diedAt = dead.jobs.map((j) => j.died_at);
    expect([...diedAt].sort((x, y) => x - y)).toEqual(diedAt);
    await client.pauseJob('listed');
    expect((await client.queues()).find((q) => q.job_name === 'listed')?.paused).toBe(true);
    await client.deleteDeadJob(dead.jobs[0].died_at, dead.jobs[0].id);
    await expect(client.deleteDeadJob(dead.jobs[0].died_at, dead.jobs[0].id)).rejects.toThrow(
      /not found|no .*job/i,
    );
    expect((await client.retryAllDeadJobs()).requeued).toBe(2);
  });
});
