import * as fs from 'node:fs';
import * as path from 'node:path';
import { FixedClock, systemClock } from './clock';
import { STALL_MS } from './heartbeat-thread';
import { Heartbeater } from './heartbeater';
import { Keys } from './keys';
import { silentLogger } from './logger';
import { isOurExtraKey, testRedisUrl, waitFor } from '../../../../test/harness/redis';
import { gate, WorkTestBed } from '../../../../test/harness/work';

const vectors = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/vectors.json'), 'utf8'),
);
const hb = vectors.heartbeat_and_observation;

describe('heartbeater and observer (heartbeater_test, observer_test, vectors)', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('hb')));
  afterEach(() => bed.close());

  it('writes the seven fields, refreshes heartbeat_at, and removes the pool on stop', async () => {
    const clock = new FixedClock(1425263409);
    const keys = new Keys(bed.namespace);
    const beater = new Heartbeater({
      keys,
      redis: bed.redis,
      clock,
      logger: silentLogger,
      info: {
        poolId: 'abcd',
        jobNames: ['foo', 'bar'],
        concurrency: 10,
        workerIds: ['ccc', 'bbb'],
      },
      intervalMs: 10,
      inThread: false,
    });
    await beater.start();
    expect(await bed.redis.smembers(bed.key('worker_pools'))).toEqual(['abcd']);
    const fields = await bed.redis.hgetall(bed.key('worker_pools:abcd'));
    expect(fields).toEqual({
      heartbeat_at: '1425263409',
      started_at: '1425263409',
      job_names: 'bar,foo',
      concurrency: '10',
      worker_ids: 'bbb,ccc',
      host: expect.stringMatching(/.+/),
      pid: String(process.pid),
    });
    clock.epoch += 7;
    await waitFor(
      async () =>
        (await bed.redis.hget(bed.key('worker_pools:abcd'), 'heartbeat_at')) === '1425263416',
      'a refreshed beat',
    );
    expect(await bed.redis.hget(bed.key('worker_pools:abcd'), 'started_at')).toBe('1425263409');
    await beater.stop();
    expect(await bed.redis.exists(bed.key('worker_pools'), bed.key('worker_pools:abcd'))).toBe(0);
  });

  it('matches the recorded Go keys and fields while a job checks in, and after stop', async () => {
    const clock = new FixedClock(hb.phase1_running_with_checkin.now_mocked);
    const release = gate();
    const started = gate();
    const pool = bed.pool({ concurrency: 2, clock, observeIntervalMs: 10 });
    pool.job('checkin_job', async (job) => {
      job.checkin('halfway <50%> & "more" é');
      started.open();
      await release.promise;
    });
    pool.job('other', () => undefined, { priority: 5, maxConcurrency: 3, maxFails: 2 });
    await bed.enqueuer({ clock }).enqueue('checkin_job', { b: 2, a: 'x<y', n: 0.5 });
    await pool.start();
    await started.promise;
    let workerKey = '';
    await waitFor(
      async () => (
        (workerKey = (await bed.redis.keys(bed.key('worker:*')))[0] ?? ''),
        workerKey !== ''
      ),
      'an observation',
    );
    await waitFor(
      async () => (await bed.redis.hget(workerKey, 'checkin')) !== null,
      'the check-in to be written',
    );
    const expectedWorker = hb.phase1_running_with_checkin.worker_fields_in_hgetall_order as Array<
      [string, string]
    >;
    const worker = await bed.redis.hgetall(workerKey);
    for (const [field, value] of expectedWorker) {
      if (field === 'job_id') expect(worker.job_id).toMatch(/^[0-9a-f]{24}$/);
      else expect([field, worker[field]]).toEqual([field, value]);
    }
    expect(Object.keys(worker).sort()).toEqual(expectedWorker.map(([f]) => f).sort());
    expect(await bed.redis.ttl(workerKey)).toBe(86400);
    const beat = await bed.redis.hgetall(bed.key(`worker_pools:${pool.poolId}`));
    const expectedBeat = hb.phase1_running_with_checkin.heartbeat_fields_in_hgetall_order as Array<
      [string, string]
    >;
    expect(Object.keys(beat)).toEqual(expectedBeat.map(([f]) => f));
    expect(beat).toMatchObject({
      heartbeat_at: '1700000000',
      started_at: '1700000000',
      job_names: 'checkin_job,other',
      concurrency: '2',
    });
    expect(beat.worker_ids).toBe([...pool.workerIds].sort().join(','));
    expect(await bed.redis.ttl(bed.key(`worker_pools:${pool.poolId}`))).toBe(-1);
    expect(workerKey).toBe(bed.key(`worker:${workerKey.split(':').pop()}`));
    expect(pool.workerIds).toContain(workerKey.split(':').pop());
    expect(await bed.redis.get(bed.key('jobs:other:max_concurrency'))).toBe('3');
    release.open();
    await pool.drain();
    expect(await bed.redis.exists(workerKey)).toBe(0);
    await pool.stop();
    // After stop, exactly the keys Go leaves behind, with the same values.
    const after = hb.phase3_after_stop.all_keys as Array<{
      key: string;
      value?: string;
      fields_in_hgetall_order?: string[][];
      members_sorted?: string[];
    }>;
    const expectedKeys = after.map((k) => k.key.replace(/^hb:/, `${bed.namespace}:`)).sort();
    // Our own additions (advertised priority, dashboard counters) are ignored by Go: left out here.
    expect(
      (await bed.redis.keys(`${bed.namespace}:*`)).filter((k) => !isOurExtraKey(k)).sort(),
    ).toEqual(expectedKeys);
    for (const k of after) {
      const key = k.key.replace(/^hb:/, `${bed.namespace}:`);
      if (k.value !== undefined) expect([key, await bed.redis.get(key)]).toEqual([key, k.value]);
      if (k.members_sorted)
        expect((await bed.redis.smembers(key)).sort()).toEqual(k.members_sorted);
      if (k.fields_in_hgetall_order) {
        const fields = Object.fromEntries(
          k.fields_in_hgetall_order.map(([f, v]) => [f === '<pool_id>' ? pool.poolId : f, v]),
        );
        expect(await bed.redis.hgetall(key)).toEqual(fields);
      }
    }
  });

  it('writes an empty args field and no check-in fields for nil args and an empty check-in', async () => {
    const release = gate();
    const started = gate();
    const pool = bed.pool({ concurrency: 1, observeIntervalMs: 10 });
    pool.job('checkin_job', async (job) => {
      job.checkin('');
      started.open();
      await release.promise;
    });
    await bed.enqueuer().enqueue('checkin_job', null);
    await pool.start();
    await started.promise;
    const key = bed.key(`worker:${pool.workerIds[0]}`);
    await waitFor(async () => (await bed.redis.exists(key)) === 1, 'the observation');
    expect(Object.keys(await bed.redis.hgetall(key))).toEqual([
      'job_name',
      'job_id',
      'started_at',
      'args',
    ]);
    expect(await bed.redis.hget(key, 'args')).toBe('');
    release.open();
  });

  it('keeps its stand-in thread unconnected while the event loop turns, and connects once it stalls', async () => {
    const clients = async () =>
      Number(/connected_clients:(\d+)/.exec(await bed.redis.info('clients'))?.[1]);
    const keys = new Keys(bed.namespace);
    const before = await clients();
    const beater = new Heartbeater({
      keys,
      redis: bed.redis,
      clock: systemClock,
      logger: silentLogger,
      info: { poolId: 'standin', jobNames: ['foo'], concurrency: 1, workerIds: ['w'] },
      intervalMs: 200,
      threadRedis: testRedisUrl(),
    });
    await beater.start();
    try {
      // Beats come from this thread while it is free: three stand-in checks pass without a connection.
      const firstBeat = await bed.redis.hget(bed.key('worker_pools:standin'), 'heartbeat_at');
      await new Promise((r) => setTimeout(r, STALL_MS + 1500));
      expect(await clients()).toBe(before);
      expect(
        Number(await bed.redis.hget(bed.key('worker_pools:standin'), 'heartbeat_at')),
      ).toBeGreaterThan(Number(firstBeat));
      // Block this thread past the stall limit: the stand-in must connect to write the beat.
      const until = Date.now() + STALL_MS + 1500;
      while (Date.now() < until) {
        // busy-wait on purpose
      }
      await waitFor(async () => (await clients()) === before + 1, 'the stand-in to connect');
    } finally {
      await beater.stop();
    }
    await waitFor(async () => (await clients()) === before, 'the stand-in to disconnect');
  });
});
