/**
 * The Nest module on a private Redis Cluster: WorkModule.forRoot with `{ cluster: nodes }` and a
 * hash-tagged namespace runs its pool, serves the admin API (reads and actions change the
 * cluster's keys) and the dashboard in a real chromium shows the cluster's data.
 */
import { Injectable } from '@nestjs/common';
import { Enqueuer, Job, serveDashboard } from 'nestjs-gocraft-work';
import { launchChromium } from '../dashboard/browser';
import { testNamespace, waitFor } from '../harness/redis';
import { ClusterNestApp, startClusterNestApp } from '../harness/cluster-nest-app';

jest.setTimeout(60_000);

@Injectable()
class Handlers {
  @Job('doomed', { maxFails: 1 })
  doomed(): void {
    throw new Error('cluster says no');
  }

  @Job('fine')
  fine(): void {}
}

const ns = `{${testNamespace('nest')}}`;
const key = (suffix: string) => `${ns}:${suffix}`;

let bed: ClusterNestApp;
beforeAll(async () => {
  bed = await startClusterNestApp({ namespace: ns, providers: [Handlers] });
});
afterAll(() => bed?.close());

describe('WorkModule on Redis Cluster', () => {
  it('serves the admin API: reads and actions on the cluster', async () => {
    const enqueuer = bed.app.get(Enqueuer);
    await enqueuer.enqueue('doomed', { n: 1 });
    await waitFor(async () => (await bed.redis.zcard(key('dead'))) === 1, 'a dead job');
    const pools = await bed.call('GET', '/worker_pools');
    expect(pools.status).toBe(200);
    expect(pools.body).toHaveLength(1);
    const dead = await bed.call('GET', '/dead_jobs');
    expect(dead.body.count).toBe(1);
    const job = dead.body.jobs[0];
    expect(job.err).toBe('cluster says no');

    expect((await bed.call('POST', '/pause/fine')).status).toBeLessThan(300);
    expect(await bed.redis.exists(key('jobs:fine:paused'))).toBe(1);
    await enqueuer.enqueue('fine', null);
    const queues = await bed.call('GET', '/queues');
    expect(queues.body.find((q: { job_name: string }) => q.job_name === 'fine')).toMatchObject({
      count: 1,
      paused: true,
    });
    expect((await bed.call('POST', '/unpause/fine')).status).toBeLessThan(300);
    await waitFor(
      async () => (await bed.redis.llen(key('jobs:fine'))) === 0,
      'the unpaused job to run',
    );
    expect(
      (await bed.call('POST', `/delete_dead_job/${job.died_at}/${job.id}`)).status,
    ).toBeLessThan(300);
    expect(await bed.redis.zcard(key('dead'))).toBe(0);
  });

  it('shows the cluster namespace in the dashboard', async () => {
    await bed.app.get(Enqueuer).enqueueIn('fine', 3600, null);
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      await page.goto(`${bed.base}/ui`);
      const scheduled = page.getByTestId('total-scheduled');
      const pools = page.getByTestId('total-pools');
      await waitFor(
        async () =>
          (await scheduled.textContent().catch(() => null)) === '1' &&
          (await pools.textContent().catch(() => null)) === '1',
        'the overview to show one scheduled job and one pool',
        15_000,
      );
    } finally {
      await chromium.close();
    }
  });

  it('serves the standalone dashboard from a cluster:// address', async () => {
    const served = await serveDashboard({
      redis: `cluster://${bed.cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`,
      namespace: ns,
      listen: '127.0.0.1:0',
    });
    try {
      const res = await fetch(`${served.url}api/worker_pools`);
      expect(res.status).toBe(200);
      expect(await res.json()).toHaveLength(1);
    } finally {
      await served.close();
    }
  });
});
