import { WorkTestBed } from '../../../../test/harness/work';
import { testRedisUrl } from '../../../../test/harness/redis';
import { Client } from './client';
import { WorkConfigError } from './errors';
import { jobNameProblem, RESERVED_JOB_NAME_SUFFIXES } from './job-name';
import { silentLogger } from './logger';

describe('job names that would alias another name’s keys', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('names')));
  afterEach(() => bed.close());

  it('accepts ordinary names, colons included', () => {
    for (const name of ['mail', 'mail:send', 'billing:invoice:pdf', 'lock', 'x:locked'])
      expect(jobNameProblem(name)).toBeNull();
  });

  it.each(RESERVED_JOB_NAME_SUFFIXES.map((s) => `mail${s}`))(
    'refuses %s, saying which key it would be',
    (name) => {
      expect(jobNameProblem(name)).toMatch(
        /ends with ".+": its queue key would be the ".+" key of job "mail"/,
      );
    },
  );

  it('refuses commas, which split a name in heartbeats', () => {
    expect(jobNameProblem('a,b')).toMatch(/contains a comma/);
  });

  it('a pool refuses to register one, so its start cannot overwrite queued jobs of another name', async () => {
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueueBulk(
      Array.from({ length: 10 }, (_, i) => ({ name: 'mail', args: { i } })),
    );
    const pool = bed.pool();
    expect(() => pool.job('mail:max_concurrency', () => undefined)).toThrow(WorkConfigError);
    expect(() => pool.periodicallyEnqueue('0 * * * * *', 'mail:lock')).toThrow(WorkConfigError);
    pool.job('mail', async () => new Promise(() => undefined));
    await pool.start();
    expect(await bed.redis.type(bed.key('jobs:mail:max_concurrency'))).toBe('string');
    // Every job is queued or in this pool's in-progress list (the fetch script moves it
    // atomically), whether or not the first fetch's reply has reached the pool yet.
    const [inProgress] = await bed.redis.keys(bed.key('jobs:mail:*:inprogress'));
    const held = inProgress ? await bed.redis.llen(inProgress) : 0;
    expect((await bed.redis.llen(bed.key('jobs:mail'))) + held).toBe(10);
    await pool.stop({ timeoutMs: 10 });
  });

  it('the enqueuer refuses one before writing anything', async () => {
    const enqueuer = bed.enqueuer();
    await expect(enqueuer.enqueue('mail:lock', {})).rejects.toThrow(WorkConfigError);
    await expect(enqueuer.enqueueIn('mail:paused', 5, {})).rejects.toThrow(WorkConfigError);
    await expect(
      enqueuer.enqueueBulk([{ name: 'mail' }, { name: 'mail:lock_info' }]),
    ).rejects.toThrow(WorkConfigError);
    expect(await bed.redis.keys(`${bed.namespace}:*`)).toEqual([]);
  });

  it('the client refuses one, and delete_queue deletes nothing but a queue', async () => {
    const client = new Client({
      namespace: bed.namespace,
      redis: testRedisUrl(),
      logger: silentLogger,
    });
    try {
      await bed.redis.set(bed.key('jobs:export:lock'), '3');
      await bed.redis.rpush(bed.key('jobs:export:0123456789abcdef01234567:inprogress'), 'x');
      await expect(client.deleteQueue('export:lock')).rejects.toThrow(WorkConfigError);
      await expect(
        client.deleteQueue('export:0123456789abcdef01234567:inprogress'),
      ).rejects.toThrow(/ends with ":inprogress"/);
      await expect(client.pauseJob('export:priority')).rejects.toThrow(WorkConfigError);
      await bed.redis.set(bed.key('jobs:notaqueue'), 'v');
      await expect(client.deleteQueue('notaqueue')).rejects.toThrow(/is a string, not a job queue/);
      expect(await bed.redis.get(bed.key('jobs:export:lock'))).toBe('3');
      expect(await bed.redis.get(bed.key('jobs:notaqueue'))).toBe('v');
      expect(await bed.redis.llen(bed.key('jobs:export:0123456789abcdef01234567:inprogress'))).toBe(
        1,
      );
    } finally {
      await client.close();
    }
  });
});
