/**
 * Sentinel: the engine connects through three sentinels (ioredis `sentinels`), a forced failover
 * (`SENTINEL FAILOVER`) happens while a pool drains, and afterwards every job is accounted for:
 * each ran at least once and nothing is left queued, in progress or locked.
 */
import Redis from 'ioredis';
import { Enqueuer, NotReplicatedError, silentLogger, WorkerPool } from 'nestjs-gocraft-work/core';
import { serveDashboard } from 'nestjs-gocraft-work';
import { testNamespace, waitFor } from '../harness/redis';
import { PrivateSentinelGroup, startPrivateSentinelGroup } from '../../scripts/private-topologies';

jest.setTimeout(90_000);

let group: PrivateSentinelGroup;
beforeAll(async () => (group = await startPrivateSentinelGroup()));
afterAll(async () => group?.stop());

function viaSentinels() {
  return { sentinels: group.sentinels, name: group.masterName };
}

async function forceFailover(): Promise<void> {
  const before = await group.primaryPort();
  const sentinel = new Redis(group.sentinels[0]);
  try {
    await sentinel.call('SENTINEL', 'FAILOVER', group.masterName);
  } finally {
    sentinel.disconnect();
  }
  await waitFor(
    async () => (await group.primaryPort()) !== before,
    'the sentinels to switch',
    30_000,
  );
}

/** Pub/sub clients connected to each sentinel (sentinels do not subscribe to one another). */
async function subscribersOnSentinels(): Promise<number[]> {
  return Promise.all(
    group.sentinels.map(async (address) => {
      const sentinel = new Redis(address);
      try {
        const list = (await sentinel.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
        return list.split('\n').filter((line) => line.trim() !== '').length;
      } finally {
        sentinel.disconnect();
      }
    }),
  );
}

describe('Sentinel failover', () => {
  it('serves the standalone dashboard from a sentinel:// address', async () => {
    const address = group.sentinels.map((s) => `${s.host}:${s.port}`).join(',');
    const lines: string[] = [];
    const served = await serveDashboard({
      redis: `sentinel://${address}/${group.masterName}`,
      namespace: testNamespace('sentdash'),
      listen: '127.0.0.1:0',
      report: (line) => lines.push(line),
    });
    try {
      expect((await fetch(`${served.url}api/queues`)).status).toBe(200);
      expect(lines).toEqual([]);
    } finally {
      await served.close();
    }
  });

  it('drains every job across a failover mid-drain', async () => {
    const ns = testNamespace('sentinel');
    const total = 400;
    const enqueuer = new Enqueuer({ namespace: ns, redis: viaSentinels(), logger: silentLogger });
    const ids: string[] = [];
    for (let i = 0; i < total; i += 100) {
      const jobs = await enqueuer.enqueueBulk(
        Array.from({ length: 100 }, (_, j) => ({ name: 'drain', args: { i: i + j } })),
      );
      ids.push(...jobs.map((j) => j.id));
    }
    const ran = new Map<string, number>();
    const pool = new WorkerPool({
      namespace: ns,
      redis: viaSentinels(),
      logger: silentLogger,
      concurrency: 5,
      pollIntervalMs: 50,
      reapIntervalMs: 200,
      orphanGraceMs: 500,
    });
    pool.job('drain', async (job) => {
      ran.set(job.id, (ran.get(job.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 10));
    });
    await pool.start();
    await waitFor(() => ran.size >= 50, '50 jobs to run before the failover', 20_000);
    await forceFailover();
    // Jobs fetched from the old primary after the switch are lost with its writes and run again
    // from the new one: at least once, never lost. So wait for the new primary to be empty.
    const primary = new Redis(viaSentinels());
    try {
      await waitFor(
        async () =>
          ran.size === total &&
          (await primary.llen(`${ns}:jobs:drain`)) === 0 &&
          (await primary.llen(`${ns}:jobs:drain:${pool.poolId}:inprogress`)) === 0,
        'every job to run and the new primary to be drained',
        60_000,
      );
      await pool.drain();
      const reruns = [...ran.values()].reduce((a, b) => a + b, 0) - total;
      process.stdout.write(
        `sentinel failover: ${total} jobs, ${reruns} ran again after the switch\n`,
      );
      expect(await primary.llen(`${ns}:jobs:drain`)).toBe(0);
      expect(await primary.llen(`${ns}:jobs:drain:${pool.poolId}:inprogress`)).toBe(0);
      expect(await primary.get(`${ns}:jobs:drain:lock`)).toBe('0');
      expect([...ran.keys()].sort()).toEqual([...ids].sort());
    } finally {
      await pool.stop();
      await enqueuer.close();
      primary.disconnect();
    }
  });

  it('measures acknowledged enqueues lost in a failover, and loses none with waitForReplicas', async () => {
    const ns = testNamespace('loss');
    const plain = new Enqueuer({ namespace: ns, redis: viaSentinels(), logger: silentLogger });
    const durable = new Enqueuer({
      namespace: ns,
      redis: viaSentinels(),
      logger: silentLogger,
      waitForReplicas: { replicas: 1, timeoutMs: 200 },
    });
    // ioredis' failoverDetector follows the sentinels' +switch-master at once.
    const detected = new Enqueuer({
      namespace: ns,
      redis: { ...viaSentinels(), failoverDetector: true },
      logger: silentLogger,
    });
    const acked = { plain: [] as string[], durable: [] as string[], detected: [] as string[] };
    const refused = { plain: 0, durable: 0, detected: 0, notReplicated: 0 };
    let running = true;
    const loop = async (kind: 'plain' | 'durable' | 'detected', enqueuer: Enqueuer) => {
      while (running) {
        try {
          acked[kind].push((await enqueuer.enqueue(kind, null)).id);
        } catch (err) {
          refused[kind]++;
          if (err instanceof NotReplicatedError) refused.notReplicated++;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    };
    const loops = [loop('plain', plain), loop('durable', durable), loop('detected', detected)];
    try {
      await waitFor(() => acked.durable.length >= 100, '100 durable enqueues', 20_000);
      await forceFailover();
      const after = { plain: acked.plain.length, durable: acked.durable.length };
      await waitFor(
        () => acked.plain.length > after.plain + 100 && acked.durable.length > after.durable + 100,
        'enqueues to go on after the switch',
        60_000,
      );
    } finally {
      running = false;
      await Promise.all(loops);
    }
    const primary = new Redis(viaSentinels());
    try {
      const present = async (name: string) =>
        new Set(
          (await primary.lrange(`${ns}:jobs:${name}`, 0, -1)).map(
            (raw) => (JSON.parse(raw) as { id: string }).id,
          ),
        );
      const plainPresent = await present('plain');
      const durablePresent = await present('durable');
      const detectedPresent = await present('detected');
      const lost = {
        detected: acked.detected.filter((id) => !detectedPresent.has(id)).length,
        plain: acked.plain.filter((id) => !plainPresent.has(id)).length,
        durable: acked.durable.filter((id) => !durablePresent.has(id)).length,
      };
      process.stdout.write(
        `sentinel write loss: plain ${lost.plain} of ${acked.plain.length} acknowledged lost ` +
          `(${refused.plain} refused); waitForReplicas ${lost.durable} of ${acked.durable.length} lost ` +
          `(${refused.durable} refused, ${refused.notReplicated} NotReplicatedError); ` +
          `failoverDetector ${lost.detected} of ${acked.detected.length} lost (${refused.detected} refused)\n`,
      );
      expect(lost.durable).toBe(0);
    } finally {
      primary.disconnect();
      await plain.close();
      await durable.close();
      await detected.close();
    }
    // The failoverDetector's subscriptions end with close() (they used to outlive it, reconnecting
    // for ever once the sentinels stopped, and keep the process alive).
    expect(await subscribersOnSentinels()).toEqual(group.sentinels.map(() => 0));
  });
});
