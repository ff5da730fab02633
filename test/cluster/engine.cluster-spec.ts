/**
 * The engine on a private 3-master Redis Cluster with a hash-tagged namespace: every enqueue
 * variant, processing with retries and dead jobs, MaxConcurrency, pause, wake-ups, periodic dedupe
 * across two pools, the reaper recovering a SIGKILLed pool, and the client. The keys are the plain
 * gocraft layout under the tagged namespace.
 */
import { Cluster } from 'ioredis';
import {
  DEFAULT_SOCKET_TIMEOUT_MS,
  Enqueuer,
  WorkConfigError,
  WorkerPool,
} from 'nestjs-gocraft-work/core';
import { ClusterTestBed } from '../harness/cluster-bed';
import { waitFor } from '../harness/redis';
import { PrivateCluster, startPrivateCluster } from '../../scripts/private-topologies';
import { gate } from '../harness/work';
import { killWorkers, spawnWorker } from '../crash/spawn-worker';

jest.setTimeout(60_000);

let cluster: PrivateCluster;
beforeAll(async () => (cluster = await startPrivateCluster()));
afterAll(async () => cluster?.stop());

describe('engine on Redis Cluster', () => {
  let bed: ClusterTestBed;
  beforeEach(() => (bed = new ClusterTestBed(cluster, 'cl')));
  afterEach(async () => {
    killWorkers();
    await bed.close();
  });

  it('refuses an untagged namespace on a cluster, naming the option and the fix', () => {
    const nodes = { cluster: cluster.nodes };
    expect(() => new Enqueuer({ namespace: 'work', redis: nodes })).toThrow(WorkConfigError);
    expect(() => new Enqueuer({ namespace: 'work', redis: nodes })).toThrow(
      /Enqueuer option "namespace" must contain a hash tag on Redis Cluster, got "work".*"\{work\}"/,
    );
    const instance = new Cluster(cluster.nodes, { lazyConnect: true });
    expect(() => new WorkerPool({ namespace: 'a{}b', redis: instance })).toThrow(/hash tag/);
    instance.disconnect();
  });

  it('enqueues plain, in, unique, unique-by-key and bulk jobs in the gocraft layout', async () => {
    const e = bed.enqueuer();
    const plain = await e.enqueue('plain', { a: 1 });
    const later = await e.enqueueIn('later', 60, { b: 2 });
    expect(await e.enqueueUnique('uniq', { c: 3 })).not.toBeNull();
    expect(await e.enqueueUnique('uniq', { c: 3 })).toBeNull();
    expect(await e.enqueueUniqueByKey('bykey', { d: 4 }, { k: 'x' })).not.toBeNull();
    expect(await e.enqueueUniqueByKey('bykey', { d: 5 }, { k: 'x' })).toBeNull();
    await e.enqueueBulk([
      { name: 'bulk', args: { i: 1 } },
      { name: 'bulk', args: { i: 2 } },
    ]);
    expect(await bed.keys()).toEqual(
      [
        'jobs:bulk',
        'jobs:bykey',
        'jobs:plain',
        'jobs:uniq',
        'known_jobs',
        'scheduled',
        'unique:bykey:{"k":"x"}\n',
        'unique:uniq:{"c":3}\n',
      ].map((k) => bed.key(k)),
    );
    expect(await bed.redis.lrange(bed.key('jobs:plain'), 0, -1)).toEqual([
      `{"name":"plain","id":"${plain.id}","t":${plain.enqueuedAt},"args":{"a":1}}`,
    ]);
    expect(await bed.redis.zrange(bed.key('scheduled'), 0, -1, 'WITHSCORES')).toEqual([
      `{"name":"later","id":"${later.id}","t":${later.enqueuedAt},"args":{"b":2}}`,
      String(later.runAt),
    ]);
    expect(await bed.redis.llen(bed.key('jobs:bulk'))).toBe(2);
  });

  it('processes jobs with retries and dead jobs, and releases unique keys', async () => {
    const e = bed.enqueuer();
    await e.enqueueUnique('flaky', { n: 1 });
    await e.enqueue('doomed', null);
    const attempts: Record<string, number> = { flaky: 0, doomed: 0 };
    const pool = bed.pool({ concurrency: 4, requeueIntervalMs: 50 });
    pool.job(
      'flaky',
      () => {
        if (++attempts.flaky < 3) throw new Error('not yet');
      },
      { maxFails: 5, backoff: () => 0 },
    );
    pool.job(
      'doomed',
      () => {
        attempts.doomed++;
        throw new Error('never');
      },
      { maxFails: 2, backoff: () => 0 },
    );
    await pool.start();
    await waitFor(
      async () => attempts.flaky === 3 && (await bed.redis.zcard(bed.key('dead'))) === 1,
      'flaky to succeed on its third run and doomed to die',
      15_000,
    );
    await pool.drain();
    expect(attempts.doomed).toBe(2);
    expect(await bed.redis.zcard(bed.key('retry'))).toBe(0);
    expect(await bed.redis.exists(bed.key('unique:flaky:{"n":1}\n'))).toBe(0);
    expect(await bed.redis.get(bed.key('jobs:flaky:lock'))).toBe('0');
  });

  it('keeps MaxConcurrency across two pools and honours pause', async () => {
    await bed
      .enqueuer()
      .enqueueBulk(Array.from({ length: 12 }, () => ({ name: 'limited', args: null })));
    await bed.redis.set(bed.key('jobs:limited:paused'), '1');
    let running = 0;
    let peak = 0;
    let ran = 0;
    const handler = async () => {
      running++;
      ran++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    const pools = [bed.pool({ concurrency: 4 }), bed.pool({ concurrency: 4 })];
    for (const p of pools) p.job('limited', handler, { maxConcurrency: 2 });
    await Promise.all(pools.map((p) => p.start()));
    // Paused: several polls pass and nothing is fetched.
    const polled = Date.now() + 300;
    await waitFor(() => Date.now() > polled, 'a few polls');
    expect(ran).toBe(0);
    expect(await bed.redis.llen(bed.key('jobs:limited'))).toBe(12);
    await bed.redis.del(bed.key('jobs:limited:paused'));
    await waitFor(() => ran === 12, 'every job to run once unpaused');
    await Promise.all(pools.map((p) => p.drain()));
    expect(peak).toBe(2);
    expect(await bed.redis.get(bed.key('jobs:limited:lock'))).toBe('0');
  });

  it('wakes a pool through pub/sub at once', async () => {
    const pool = bed.pool({ pollIntervalMs: 60_000 });
    let ran = 0;
    pool.job('wake', () => void ran++);
    await pool.start();
    await waitFor(async () => {
      const counts = await Promise.all(
        bed.redis
          .nodes('master')
          .map(async (n) => Number((await n.pubsub('NUMSUB', bed.key('wake')))[1])),
      );
      return counts.reduce((a, b) => a + b, 0) === 1;
    }, 'the pool to subscribe');
    await bed.enqueuer().enqueue('wake', null);
    await waitFor(() => ran === 1, 'the announced job to run long before the 60 s poll');
  });

  it('fires a periodic job once per tick with two pools', async () => {
    const runs: string[] = [];
    const pools = [0, 1].map(() =>
      bed.pool({ periodicPeriodMs: 100, requeueIntervalMs: 50, concurrency: 2 }),
    );
    for (const p of pools) {
      p.job('tick', (job) => void runs.push(job.id));
      p.periodicallyEnqueue('* * * * * *', 'tick');
    }
    await Promise.all(pools.map((p) => p.start()));
    await waitFor(() => runs.length >= 3, 'three ticks to run', 15_000);
    await Promise.all(pools.map((p) => p.stop()));
    expect(new Set(runs).size).toBe(runs.length);
  });

  it('reaps a SIGKILLed pool: every job it held runs elsewhere', async () => {
    const total = 60;
    await bed
      .enqueuer()
      .enqueueBulk(Array.from({ length: total }, (_, i) => ({ name: 'crash', args: { i } })));
    const worker = spawnWorker({
      REDIS_CLUSTER: JSON.stringify(cluster.nodes),
      WORK_NS: bed.namespace,
      CONCURRENCY: '5',
      JOB_MS: '40',
    });
    await worker.started;
    await waitFor(
      async () => (await bed.redis.scard(bed.key('test:done'))) >= 10,
      'the worker to finish 10 jobs',
      20_000,
    );
    worker.child.kill('SIGKILL');
    await worker.exited;
    const survivor = bed.pool({
      concurrency: 5,
      reapIntervalMs: 100,
      deadAfterSeconds: 2,
      heartbeatIntervalMs: 500,
    });
    survivor.job('crash', async (job) => {
      await bed.redis.sadd(bed.key('test:done'), job.id);
    });
    await survivor.start();
    await waitFor(
      async () =>
        (await bed.redis.scard(bed.key('test:done'))) === total &&
        (await bed.redis.scard(bed.key('worker_pools'))) === 1,
      'every job to complete and the dead pool to be reaped',
      30_000,
    );
    expect(await bed.redis.get(bed.key('jobs:crash:lock'))).toBe('0');
  });

  it('serves the client: queues, pools, busy workers, retry, dead, pause and delete', async () => {
    const e = bed.enqueuer();
    await e.enqueue('listed', null);
    const release = gate();
    const pool = bed.pool({ concurrency: 1 });
    pool.job('listed', () => release.promise);
    pool.job('dies', () => Promise.reject(new Error('x')), { maxFails: 1 });
    await pool.start();
    const client = bed.client();
    await waitFor(
      async () => (await client.workerObservations()).some((o) => o.is_busy),
      'a busy worker',
    );
    expect((await client.workerPoolHeartbeats()).map((h) => h.worker_pool_id)).toEqual([
      pool.poolId,
    ]);
    release.open();
    await e.enqueue('dies', null);
    await waitFor(async () => (await client.deadJobs()).count === 1, 'a dead job');
    const dead = (await client.deadJobs()).jobs[0];
    await client.pauseJob('dies');
    await client.retryDeadJob(dead.died_at, dead.id);
    expect(await bed.redis.llen(bed.key('jobs:dies'))).toBe(1);
    expect((await client.queues()).find((q) => q.job_name === 'dies')?.count).toBe(1);
    expect(await client.deleteQueue('dies')).toBe(1);
    const found = await client.findJob(dead.id);
    expect(found).toBeNull();
    await pool.drain();
  });

  it('gives every node connection the command and socket timeouts: a stalled slot owner fails an enqueue within the command timeout', async () => {
    const commandTimeout = 300;
    const e = bed.enqueuer({
      redis: { cluster: cluster.nodes, options: { redisOptions: { commandTimeout } } },
    });
    await e.enqueue('warm', null);
    const nodes = (e.redis as unknown as Cluster).nodes('all');
    expect(nodes).toHaveLength(cluster.nodes.length);
    expect(nodes.map((n) => [n.options.commandTimeout, n.options.socketTimeout])).toEqual(
      nodes.map(() => [commandTimeout, DEFAULT_SOCKET_TIMEOUT_MS]),
    );
    const owner = await bed.ownerNode();
    const server = cluster.servers.find((s) => s.port === owner.options.port)!;
    process.kill(server.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      await expect(e.enqueue('stalled', null)).rejects.toThrow(/command timeout/);
      // The bound is the command timeout; the rest is slack for a loaded machine.
      expect(Date.now() - started).toBeLessThan(commandTimeout + 2000);
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
  });
});
