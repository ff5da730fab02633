/**
 * A failing job whose args can no longer be encoded (made cyclic or NaN by its handler, or nested
 * deeper than the encoder goes) must not crash the process that runs it: it goes to dead with the
 * bytes it was fetched as and an error saying why, and the other jobs still run.
 */
import { testRedisUrl, waitFor } from '../harness/redis';
import { WorkTestBed } from '../harness/work';
import { killWorkers, spawnWorker } from './spawn-worker';

jest.setTimeout(60_000);

describe('settling a job whose args cannot be re-encoded', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('poison')));
  afterEach(async () => {
    killWorkers();
    await bed.close();
  });

  it('dead-letters it with its original bytes; the process stays up and runs the rest', async () => {
    const nested = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const payloads: Array<[string, string]> = [
      ['cyclic', '{"name":"cyclic","id":"c1","t":1,"args":{"x":1}}'],
      ['cyclic_timeout', '{"name":"cyclic_timeout","id":"c2","t":1,"args":{"x":2}}'],
      ['nan', '{"name":"nan","id":"n1","t":1,"args":{"x":3}}'],
      ['deep', `{"name":"deep","id":"d1","t":1,"args":${nested}}`],
    ];
    for (const [name, payload] of payloads) await bed.redis.lpush(bed.key(`jobs:${name}`), payload);
    const worker = spawnWorker(
      { REDIS_URL: testRedisUrl(), WORK_NS: bed.namespace },
      'poison-process.ts',
    );
    await worker.started;
    await waitFor(
      async () => (await bed.redis.zcard(bed.key('dead'))) === payloads.length,
      'every poisoned job in dead',
      20_000,
    );
    // Jobs enqueued after the poisoned ones still run in the same process.
    await bed.enqueuer().enqueueBulk([1, 2, 3].map((i) => ({ name: 'good', args: { i } })));
    await waitFor(
      async () => (await bed.redis.scard(bed.key('test:good'))) === 3,
      'good jobs',
      10_000,
    );
    expect(worker.child.exitCode).toBeNull();
    expect(worker.child.signalCode).toBeNull();

    const dead = (await bed.redis.zrange(bed.key('dead'), 0, -1)).map(
      (m) => JSON.parse(m) as { id: string; fails: number; err: string; args: { payload: string } },
    );
    const byId = new Map(dead.map((d) => [d.id, d]));
    for (const [, payload] of payloads) {
      const id = (/"id":"(\w+)"/.exec(payload) as RegExpExecArray)[1];
      const entry = byId.get(id)!;
      expect(entry.args.payload).toBe(payload);
      expect(entry.fails).toBe(1);
      expect(entry.err).toMatch(/not retried: its args cannot be encoded as JSON any more/);
    }
    expect(byId.get('c2')!.err).toMatch(/^job "cyclic_timeout" timed out after 100 ms/);
    expect(byId.get('d1')!.err).toMatch(/nests deeper than 1000 levels/);
    expect(byId.get('c1')!.err).toMatch(/cycle/);
    for (const name of ['cyclic', 'cyclic_timeout', 'nan', 'deep']) {
      expect(await bed.redis.llen(bed.key(`jobs:${name}`))).toBe(0);
      expect(await bed.redis.get(bed.key(`jobs:${name}:lock`))).toBe('0');
    }
  });
});
