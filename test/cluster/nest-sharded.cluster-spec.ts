/**
 * Sharded mode in the Nest layer, the dashboard and the CLI, on a private 3-master cluster:
 * WorkModule with `shards: 3` injects the sharded Enqueuer, pool and client; unique jobs are
 * deduped across shards and each runs once; the admin API lists the pools, queues and jobs of
 * every shard; the dashboard in a real chromium shows them all; the standalone dashboard reads the
 * same shards from a cluster:// address (the CLI's side is cli-addresses.cluster-spec.ts).
 */
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  Client,
  Enqueuer,
  Job,
  serveDashboard,
  ShardedClient,
  ShardedEnqueuer,
  ShardedWorkerPool,
  WorkerPool,
  WorkHealthIndicator,
  WorkModule,
} from 'nestjs-gocraft-work';
import { launchChromium } from '../dashboard/browser';
import { see } from '../dashboard/see';
import { testNamespace, waitFor } from '../harness/redis';
import { ClusterNestApp, startClusterNestApp } from '../harness/cluster-nest-app';

jest.setTimeout(60_000);

const SHARDS = 3;
const ran: number[] = [];

@Injectable()
class Handlers {
  @Job('mail')
  mail(job: { args: { to: number } }): void {
    ran.push(job.args.to);
  }

  @Job('doomed', { maxFails: 1 })
  doomed(): void {
    throw new Error('no shard wants this');
  }
}

// The logical namespace: the shards are {<ns>-0}, {<ns>-1}, {<ns>-2}.
const ns = testNamespace('nshard');
const shardKey = (shard: number, suffix: string) => `{${ns}-${shard}}:${suffix}`;
const address = () => `cluster://${bed.cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;

let bed: ClusterNestApp;
beforeAll(async () => {
  bed = await startClusterNestApp({ namespace: ns, shards: SHARDS, providers: [Handlers] });
});
afterAll(() => bed?.close());

/** Per shard, the length of `{<ns>-i}:<suffix>` read by `read`. */
function perShard(read: (key: string) => Promise<number>, suffix: string): Promise<number[]> {
  return Promise.all(Array.from({ length: SHARDS }, (_, i) => read(shardKey(i, suffix))));
}

describe('WorkModule with shards on Redis Cluster', () => {
  it('injects the sharded classes under the usual tokens', () => {
    expect(bed.app.get(Enqueuer)).toBeInstanceOf(ShardedEnqueuer);
    expect(bed.app.get(WorkerPool)).toBeInstanceOf(ShardedWorkerPool);
    expect(bed.app.get(Client)).toBeInstanceOf(ShardedClient);
  });

  it('reports health over every shard, and refuses the cluster-wide metrics at startup', async () => {
    const health = await bed.app
      .get(WorkHealthIndicator)
      .report('work', { maxQueueLatencySeconds: 3600 });
    expect(health).toMatchObject({ healthy: true, redis: 'up', pool: { running: true } });
    await expect(
      Test.createTestingModule({
        imports: [
          WorkModule.forRoot({
            namespace: ns,
            shards: SHARDS,
            redis: { cluster: bed.cluster.nodes },
            logger: false,
            runPool: false,
            metrics: {},
          }),
        ],
      }).compile(),
    ).rejects.toThrow('WorkModule option "metrics.cluster" must be false with shards');
  });

  it('dedupes unique jobs across shards, runs each once, and the admin API sees every shard', async () => {
    const enqueuer = bed.app.get(Enqueuer);
    expect((await bed.call('POST', '/pause/mail')).status).toBe(200);
    for (let shard = 0; shard < SHARDS; shard++)
      expect(await bed.redis.exists(shardKey(shard, 'jobs:mail:paused'))).toBe(1);

    const first = await Promise.all(
      Array.from({ length: 30 }, (_, to) => enqueuer.enqueueUnique('mail', { to })),
    );
    const again = await Promise.all(
      Array.from({ length: 30 }, (_, to) => enqueuer.enqueueUnique('mail', { to })),
    );
    expect(first.every((job) => job !== null)).toBe(true);
    expect(again.every((job) => job === null)).toBe(true);
    const queued = await perShard((k) => bed.redis.llen(k), 'jobs:mail');
    expect(queued.reduce((a, b) => a + b, 0)).toBe(30);
    expect(queued.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);

    const queues = await bed.call('GET', '/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.find((q: { job_name: string }) => q.job_name === 'mail')).toMatchObject({
      count: 30,
      paused: true,
    });
    const pools = await bed.call('GET', '/worker_pools');
    expect(pools.body).toHaveLength(SHARDS);

    expect((await bed.call('POST', '/unpause/mail')).status).toBe(200);
    await waitFor(async () => ran.length === 30, 'the 30 unique jobs to run');
    expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('lists and acts on the dead jobs of every shard', async () => {
    const enqueuer = bed.app.get(Enqueuer);
    // Plain jobs go to the shards in turn: one per shard.
    for (let i = 0; i < SHARDS; i++) await enqueuer.enqueue('doomed', { i });
    await waitFor(
      async () => (await perShard((k) => bed.redis.zcard(k), 'dead')).every((n) => n === 1),
      'one dead job on each shard',
    );
    const dead = await bed.call('GET', '/dead_jobs');
    expect(dead.body.count).toBe(SHARDS);
    expect(dead.body.jobs.map((j: { args: { i: number } }) => j.args.i).sort()).toEqual([0, 1, 2]);
    const job = dead.body.jobs[2];
    expect((await bed.call('POST', `/delete_dead_job/${job.died_at}/${job.id}`)).status).toBe(200);
    expect((await perShard((k) => bed.redis.zcard(k), 'dead')).reduce((a, b) => a + b, 0)).toBe(2);
    expect((await bed.call('GET', '/dead_jobs')).body.count).toBe(2);
  });

  it('shows the jobs and queues of all shards in the dashboard', async () => {
    const enqueuer = bed.app.get(Enqueuer);
    for (let i = 0; i < SHARDS; i++) await enqueuer.enqueueIn('mail', 3600, { later: i });
    expect(await perShard((k) => bed.redis.zcard(k), 'scheduled')).toEqual([1, 1, 1]);
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      await page.goto(`${bed.base}/ui`);
      await see(page.getByTestId('total-scheduled')).toHaveText(String(SHARDS));
      await see(page.getByTestId('total-pools')).toHaveText(String(SHARDS));
      await see(page.getByTestId('total-dead')).toHaveText('2');
      await page.goto(`${bed.base}/ui/#/scheduled`);
      await see(page.locator('tbody tr')).toHaveCount(SHARDS);
      await page.goto(`${bed.base}/ui/#/queues`);
      await see(page.locator('tr[data-queue="mail"]')).toHaveCount(1);
      await see(page.locator('tr[data-queue="doomed"]')).toHaveCount(1);
    } finally {
      await chromium.close();
    }
  });

  it('serves the standalone dashboard of every shard from a cluster:// address', async () => {
    const lines: string[] = [];
    const served = await serveDashboard({
      redis: address(),
      namespace: ns,
      shards: SHARDS,
      listen: '127.0.0.1:0',
      report: (line) => lines.push(line),
    });
    try {
      const pools = await fetch(`${served.url}api/worker_pools`);
      expect(await pools.json()).toHaveLength(SHARDS);
      const scheduled = await (await fetch(`${served.url}api/scheduled_jobs`)).json();
      expect(scheduled.count).toBe(SHARDS);
      expect(lines).toEqual([]);
    } finally {
      await served.close();
    }
  });

  it('says so at start when a cluster:// address cannot be reached, and serves anyway', async () => {
    const lines: string[] = [];
    const served = await serveDashboard({
      redis: 'cluster://127.0.0.1:1',
      namespace: ns,
      shards: SHARDS,
      listen: '127.0.0.1:0',
      report: (line) => lines.push(line),
    });
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^cannot reach Redis at cluster:\/\/127\.0\.0\.1:1 \(.+\); retrying/,
      );
      expect((await fetch(`${served.url}api/queues`)).status).toBe(503);
    } finally {
      await served.close();
    }
  });

  // Last: it stalls a master, which the cluster may then mark failed for a few seconds.
  it('names the shard whose slot owner stalls in its health report, and is healthy again after', async () => {
    const indicator = bed.app.get(WorkHealthIndicator);
    const thresholds = { maxQueueLatencySeconds: 3600 };
    const owners = await Promise.all(
      Array.from({ length: SHARDS }, async (_, i) => {
        const slot = Number(await bed.redis.call('CLUSTER', 'KEYSLOT', shardKey(i, 'x')));
        const slots = await bed.redis.cluster('SLOTS');
        return slots.find(([from, to]) => slot >= from && slot <= to)![2][1] as number;
      }),
    );
    // The last shard's owner; the report names the first shard that owner holds.
    const stalledPort = owners[SHARDS - 1];
    const named = owners.indexOf(stalledPort);
    const server = bed.cluster.servers.find((s) => s.port === stalledPort)!;
    expect((await indicator.report('stall', thresholds)).healthy).toBe(true);
    process.kill(server.pid, 'SIGSTOP');
    let report: Awaited<ReturnType<WorkHealthIndicator['report']>>;
    const started = Date.now();
    try {
      report = await indicator.report('stall', thresholds);
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
    // Bounded by the check's timeout (1 s); the rest is slack for a loaded machine.
    expect(Date.now() - started).toBeLessThan(1000 + 3000);
    expect(report).toMatchObject({ healthy: false, redis: 'down' });
    expect(report.reason).toMatch(new RegExp(`^shard ${named}: `));
    await waitFor(
      async () => (await indicator.report('stall', thresholds)).healthy,
      'the report to be healthy again',
      30_000,
    );
  });
});
