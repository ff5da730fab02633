import { FixedClock } from './clock';
import { NotFoundError, UnencodableJobError } from './client-errors';
import { WorkConfigError } from './errors';
import { WorkTestBed } from '../../../../test/harness/work';
import { addDead, addJob, ClientFactory, hexId } from '../../../../test/harness/client';

/** One bad member or field never hides the rest (spec §15 B7), and parameters are checked. */
describe('Client robustness', () => {
  let bed: WorkTestBed;
  let clients: ClientFactory;
  beforeEach(() => {
    bed = new WorkTestBed('client-rob');
    clients = new ClientFactory(bed);
  });
  afterEach(async () => {
    await clients.closeAll();
    await bed.close();
  });

  it('lists unparsable members with what can be shown and the raw text', async () => {
    await bed.redis.zadd(bed.key('dead'), 100, 'not json');
    await bed.redis.zadd(
      bed.key('dead'),
      101,
      '{"name":"x","id":"i1","t":1.5e9,"args":null,"fails":1}',
    );
    await bed.redis.zadd(bed.key('dead'), 102, '[1,2]');
    const valid = await addDead(bed, 103, 'ok', hexId(1));
    const { count, jobs } = await clients.open().deadJobs();
    expect(count).toBe(4);
    expect(jobs[0]).toEqual({
      died_at: 100,
      name: '',
      id: '',
      t: 0,
      args: null,
      fails: 0,
      err: '',
      failed_at: 0,
      raw: 'not json',
      parse_error: expect.stringMatching(/^payload is not JSON/),
    });
    expect(jobs[1]).toEqual({
      died_at: 101,
      name: 'x',
      id: 'i1',
      t: 1500000000,
      args: null,
      fails: 1,
      err: '',
      failed_at: 0,
      raw: '{"name":"x","id":"i1","t":1.5e9,"args":null,"fails":1}',
      parse_error: 'field "t" must be an integer, got 1500000000',
    });
    expect(jobs[2]).toMatchObject({
      died_at: 102,
      name: '',
      id: '',
      raw: '[1,2]',
      parse_error: 'payload is not a JSON object',
    });
    expect(jobs[3]).toEqual({
      died_at: 103,
      name: 'ok',
      id: hexId(1),
      t: 1425263409,
      args: null,
      fails: 1,
      err: 'ohno',
      failed_at: 103,
    });
    expect(valid).not.toContain('raw');
  });

  it('deletes an unparsable member by its score and the id it is listed with ("")', async () => {
    await bed.redis.zadd(bed.key('retry'), 100, 'not json');
    await addJob(bed, 'retry', 100, { name: 'a', id: hexId(1) });
    const client = clients.open();
    await client.deleteRetryJob(100, '');
    expect(await bed.redis.zrange(bed.key('retry'), 0, -1)).toEqual([
      expect.stringContaining(hexId(1)),
    ]);
    await expect(client.deleteRetryJob(100, '')).rejects.toThrow(NotFoundError);
    // gocraft's delete script fails on the first non-JSON member at that score; ours does not.
    await bed.redis.zadd(bed.key('retry'), 100, '{broken');
    await client.deleteRetryJob(100, hexId(1));
    expect(await bed.redis.zrange(bed.key('retry'), 0, -1)).toEqual(['{broken']);
  });

  it('queues() gives latency 0 for an unparsable oldest job instead of failing', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'q', 'r');
    await bed.redis.lpush(
      bed.key('jobs:q'),
      'garbage',
      '{"name":"q","id":"x","t":100,"args":null}',
    );
    await bed.redis.lpush(bed.key('jobs:r'), '{"name":"r","id":"y","t":150,"args":null}');
    const queues = await clients.open({ clock: new FixedClock(200) }).queues();
    expect(queues.map((q) => [q.job_name, q.count, q.latency])).toEqual([
      ['q', 2, 0],
      ['r', 1, 50],
    ]);
  });

  it('retryAllDeadJobs skips junk and is not stopped by a batch of only unknown jobs', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'k');
    const pipe = bed.redis.pipeline();
    // gocraft stops at the first batch that requeues nothing: 1000 unknown jobs first stop it.
    for (let i = 0; i < 1000; i++)
      pipe.zadd(bed.key('dead'), 10, `{"name":"ghost","id":"${hexId(i)}","t":1,"args":null}`);
    for (let i = 0; i < 1200; i++)
      pipe.zadd(bed.key('dead'), 20, `junk-${String(i).padStart(4, '0')}`);
    pipe.zadd(bed.key('dead'), 25, '{"id":"nameless","t":1,"args":null}');
    await pipe.exec();
    for (let i = 0; i < 3; i++) await addDead(bed, 30, 'k', hexId(5000 + i));
    const client = clients.open({ clock: new FixedClock(1000) });
    expect(await client.retryAllDeadJobs()).toEqual({ requeued: 3, unknown: 1000, unencodable: 0 });
    expect(await bed.redis.llen(bed.key('jobs:k'))).toBe(3);
    expect(await bed.redis.zcount(bed.key('dead'), 1005, 1005)).toBe(1000);
    expect(await bed.redis.zcount(bed.key('dead'), 20, 25)).toBe(1201);
  });

  it('never loses a job cjson cannot re-encode (1e400 decodes to inf)', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'h');
    const dead = `{"name":"h","id":"${hexId(1)}","t":1,"args":{"huge":1e400},"fails":1}`;
    const scheduled = `{"name":"h","id":"${hexId(2)}","t":1,"args":{"huge":1e400}}`;
    await bed.redis.zadd(bed.key('dead'), 10, dead);
    await bed.redis.zadd(bed.key('scheduled'), 10, scheduled);
    const client = clients.open();
    await expect(client.retryDeadJob(10, hexId(1))).rejects.toThrow(UnencodableJobError);
    expect(await client.retryAllDeadJobs()).toEqual({ requeued: 0, unknown: 0, unencodable: 1 });
    await expect(client.runScheduledJobNow(10, hexId(2))).rejects.toThrow(UnencodableJobError);
    expect(await bed.redis.zrange(bed.key('dead'), 0, -1)).toEqual([dead]);
    expect(await bed.redis.zrange(bed.key('scheduled'), 0, -1)).toEqual([scheduled]);
    expect(await bed.redis.exists(bed.key('jobs:h'))).toBe(0);
  });

  it('lists pools without a heartbeat hash with zero values and empty lists', async () => {
    await bed.redis.sadd(bed.key('worker_pools'), 'p1', 'p2');
    await bed.redis.hset(bed.key('worker_pools:p2'), {
      job_names: '',
      worker_ids: '',
      pid: 'NaN',
      concurrency: '4',
      host: 'h',
    });
    const client = clients.open();
    expect(await client.workerPoolHeartbeats()).toEqual([
      {
        worker_pool_id: 'p1',
        started_at: 0,
        heartbeat_at: 0,
        job_names: [],
        concurrency: 0,
        host: '',
        pid: 0,
        worker_ids: [],
      },
      {
        worker_pool_id: 'p2',
        started_at: 0,
        heartbeat_at: 0,
        job_names: [],
        concurrency: 4,
        host: 'h',
        pid: 0,
        worker_ids: [],
      },
    ]);
    expect(await client.workerObservations()).toEqual([]);
  });

  it('pages ascending by score (ties by member bytes); page 0 is page 1; sizes are capped', async () => {
    const pipe = bed.redis.pipeline();
    for (let i = 0; i < 1001; i++)
      pipe.zadd(
        bed.key('scheduled'),
        5000 - i,
        `{"name":"s","id":"${hexId(i)}","t":1,"args":null}`,
      );
    pipe.zadd(bed.key('scheduled'), 4000, `{"name":"s","id":"${hexId(9999)}","t":1,"args":null}`);
    await pipe.exec();
    const client = clients.open();
    const first = await client.scheduledJobs(0);
    expect(first).toEqual(await client.scheduledJobs(1));
    expect(first.count).toBe(1002);
    expect(first.jobs.map((j) => j.run_at)).toEqual([
      4000,
      4000,
      ...Array.from({ length: 18 }, (_, i) => 4001 + i),
    ]);
    expect(first.jobs.slice(0, 2).map((j) => j.id)).toEqual([hexId(1000), hexId(9999)]);
    expect((await client.scheduledJobs(51)).jobs).toHaveLength(2);
    expect((await client.scheduledJobs(3, 50)).jobs[0].run_at).toBe(4099);
    expect((await client.scheduledJobs(1, 5000)).jobs).toHaveLength(1000);
    expect(
      (await clients.open({ pageSize: 7 }).scheduledJobs(2)).jobs.map((j) => j.run_at),
    ).toEqual([4006, 4007, 4008, 4009, 4010, 4011, 4012]);
  });

  it('refuses bad parameters with messages naming them', async () => {
    expect(() => clients.open({ pageSize: 0 })).toThrow(
      'Client option "pageSize" must be an integer from 1 to 1000, got 0',
    );
    const client = clients.open();
    await expect(client.deadJobs(-1)).rejects.toThrow(WorkConfigError);
    await expect(client.deadJobs(1.5)).rejects.toThrow(/page must be a non-negative integer/);
    await expect(client.retryJobs(1, 0)).rejects.toThrow(/pageSize/);
    await expect(client.deleteDeadJob(1.5, 'x')).rejects.toThrow(/score must be an integer epoch/);
    await expect(client.retryDeadJob(10, '')).rejects.toThrow(/id must be a non-empty job id/);
    await expect(client.findJob('')).rejects.toThrow(WorkConfigError);
    await expect(client.pauseJob('')).rejects.toThrow(/job name must be a non-empty string/);
    await expect(client.trimDeadJobs({ maxJobs: -1 })).rejects.toThrow(
      /maxJobs must be a non-negative integer or Infinity/,
    );
    await expect(client.trimDeadJobs({ maxAgeSeconds: NaN })).rejects.toThrow(/maxAgeSeconds/);
  });
});
