import { FixedClock } from './clock';
import { parseJob } from './job';
import { WorkTestBed } from '../../../../test/harness/work';
import { waitFor } from '../../../../test/harness/redis';
import { WorkConfigError } from './errors';
import { evictionWarning, versionError } from './redis-connection';

describe('Enqueuer (enqueue_test)', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('enq')));
  afterEach(() => bed.close());

  it('pushes the job JSON onto its queue and records the name in known_jobs', async () => {
    const clock = new FixedClock(1425263409);
    const enqueuer = bed.enqueuer({ clock });
    const job = await enqueuer.enqueue('wat', { b: 1, a: 'cool' });
    expect(job.name).toBe('wat');
    expect(job.id).toMatch(/^[0-9a-f]{24}$/);
    expect(job.enqueuedAt).toBe(1425263409);
    expect(job.argInt64('b')).toBe(1);
    expect(job.argString('a')).toBe('cool');
    expect(await bed.redis.smembers(bed.key('known_jobs'))).toEqual(['wat']);
    expect(await bed.redis.lrange(bed.key('jobs:wat'), 0, -1)).toEqual([
      `{"name":"wat","id":"${job.id}","t":1425263409,"args":{"a":"cool","b":1}}`,
    ]);
    await enqueuer.enqueue('wat', null);
    await enqueuer.enqueue('wat', null);
    expect(await bed.redis.rpop(bed.key('jobs:wat'))).toContain(job.id);
    expect(await bed.redis.llen(bed.key('jobs:wat'))).toBe(2);
  });

  it('writes an awaited enqueue as one command, announcing only a push into an empty queue', async () => {
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueue('warm', null); // loads the script, so the calls below are EVALSHAs
    const monitor = await bed.redis.monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args.some((a) => a.startsWith(bed.namespace)))
        seen.push(`${source.includes('lua') ? 'lua ' : ''}${args[0].toLowerCase()}`);
    });
    await enqueuer.enqueue('one', { n: 1 });
    await enqueuer.enqueue('one', { n: 2 });
    // A last enqueue of a new name (4 commands): once they are seen, so is everything before them.
    await enqueuer.enqueue('marker', null);
    await waitFor(async () => seen.length >= 10, 'the monitored commands');
    seen.splice(6);
    monitor.disconnect();
    // The first enqueue of a name also adds it to known_jobs and, into an empty queue, announces
    // it; the second finds a job waiting (a pool is about to fetch both), so it only pushes.
    expect(seen).toEqual([
      'evalsha',
      'lua sadd',
      'lua lpush',
      'lua publish',
      'evalsha',
      'lua lpush',
    ]);
    expect(await bed.redis.llen(bed.key('jobs:one'))).toBe(2);
  });

  it('caches known_jobs for 300 s and re-adds a name once the cache is stale', async () => {
    const clock = new FixedClock(1000);
    const enqueuer = bed.enqueuer({ clock });
    await enqueuer.enqueue('a');
    await bed.redis.del(bed.key('known_jobs'));
    clock.epoch = 1299;
    await enqueuer.enqueue('a');
    expect(await bed.redis.scard(bed.key('known_jobs'))).toBe(0);
    clock.epoch = 1300;
    await enqueuer.enqueue('a');
    expect(await bed.redis.smembers(bed.key('known_jobs'))).toEqual(['a']);
  });

  it('enqueueIn adds to the scheduled zset at now+secs with t = now', async () => {
    const clock = new FixedClock(1425263409);
    const enqueuer = bed.enqueuer({ clock });
    const job = await enqueuer.enqueueIn('wat', 300, { a: 1 });
    expect(job.runAt).toBe(1425263709);
    expect(job.enqueuedAt).toBe(1425263409);
    expect(await bed.redis.smembers(bed.key('known_jobs'))).toEqual(['wat']);
    expect(await bed.redis.zrange(bed.key('scheduled'), 0, -1, 'WITHSCORES')).toEqual([
      `{"name":"wat","id":"${job.id}","t":1425263409,"args":{"a":1}}`,
      '1425263709',
    ]);
  });

  it('enqueueUnique dedupes by name and args until the job has run', async () => {
    const enqueuer = bed.enqueuer();
    const first = await enqueuer.enqueueUnique('wat', { a: 1, b: 'cool' });
    expect(first).not.toBeNull();
    expect(first!.unique).toBe(true);
    expect(await enqueuer.enqueueUnique('wat', { b: 'cool', a: 1 })).toBeNull();
    expect(await enqueuer.enqueueUnique('wat', { a: 2, b: 'cool' })).not.toBeNull();
    expect(await enqueuer.enqueueUnique('wat', null)).not.toBeNull();
    expect(await enqueuer.enqueueUnique('wat', null)).toBeNull();
    expect(await enqueuer.enqueueUnique('taw', null)).not.toBeNull();

    const key = bed.key('unique:wat:{"a":1,"b":"cool"}\n');
    expect(await bed.redis.get(key)).toBe('1');
    expect(await bed.redis.ttl(key)).toBe(86400);
    expect(await bed.redis.get(bed.key('unique:wat:'))).toBe('1');
    expect(await bed.redis.llen(bed.key('jobs:wat'))).toBe(3);
    const stored = parseJob((await bed.redis.rpop(bed.key('jobs:wat')))!);
    expect(stored.id).toBe(first!.id);
    expect(stored.unique).toBe(true);

    // After the jobs ran (one of them failing into dead), every one can be enqueued again.
    await bed.redis.del(bed.key('jobs:wat'), bed.key('jobs:taw'));
    const pool = bed.pool();
    let ran = 0;
    pool.job('wat', () => void ran++);
    pool.job(
      'taw',
      () => {
        ran++;
        throw new Error('fails once into dead');
      },
      { maxFails: 1 },
    );
    await bed.redis.lpush(
      bed.key('jobs:wat'),
      JSON.stringify({ name: 'wat', id: 'x1', t: 1, args: { a: 1, b: 'cool' }, unique: true }),
    );
    await bed.redis.lpush(
      bed.key('jobs:wat'),
      JSON.stringify({ name: 'wat', id: 'x2', t: 1, args: { a: 2, b: 'cool' }, unique: true }),
    );
    await bed.redis.lpush(
      bed.key('jobs:wat'),
      JSON.stringify({ name: 'wat', id: 'x3', t: 1, args: null, unique: true }),
    );
    await bed.redis.lpush(
      bed.key('jobs:taw'),
      JSON.stringify({ name: 'taw', id: 'x4', t: 1, args: null, unique: true }),
    );
    await pool.start();
    await pool.drain();
    expect(ran).toBe(4);
    expect(await enqueuer.enqueueUnique('wat', { a: 1, b: 'cool' })).not.toBeNull();
    expect(await enqueuer.enqueueUnique('wat', { a: 2, b: 'cool' })).not.toBeNull();
    expect(await enqueuer.enqueueUnique('wat', null)).not.toBeNull();
    expect(await enqueuer.enqueueUnique('taw', null)).not.toBeNull();
  });

  it('enqueueUniqueIn keeps the first run time and holds the key past the delay', async () => {
    const clock = new FixedClock(1425263409);
    const enqueuer = bed.enqueuer({ clock });
    const first = await enqueuer.enqueueUniqueIn('wat', 300, { a: 1, b: 'cool' });
    expect(first!.runAt).toBe(1425263709);
    expect(await enqueuer.enqueueUniqueIn('wat', 10, { a: 1, b: 'cool' })).toBeNull();
    expect(await bed.redis.zrange(bed.key('scheduled'), 0, -1, 'WITHSCORES')).toEqual([
      `{"name":"wat","id":"${first!.id}","t":1425263409,"args":{"a":1,"b":"cool"},"unique":true}`,
      '1425263709',
    ]);
    expect(await bed.redis.ttl(bed.key('unique:wat:{"a":1,"b":"cool"}\n'))).toBe(86400 + 300);
    expect(await enqueuer.enqueueUniqueIn('wat', 10, { a: 2 })).not.toBeNull();
    expect(await enqueuer.enqueueUniqueIn('wat', 10, null)).not.toBeNull();
    expect(await enqueuer.enqueueUniqueIn('wat', 10, null)).toBeNull();
    expect(await enqueuer.enqueueUniqueIn('taw', 10, null)).not.toBeNull();
  });

  it('enqueueUniqueByKey dedupes on the key map, stores unique_key and never replaces the payload', async () => {
    const clock = new FixedClock(1700000000);
    const enqueuer = bed.enqueuer({ clock });
    const first = await enqueuer.enqueueUniqueByKey('bk', { a: 1 }, { key: 'k1' });
    const uniqueKey = bed.key('unique:bk:{"key":"k1"}\n');
    expect(first!.uniqueKey).toBe(uniqueKey);
    expect(await enqueuer.enqueueUniqueByKey('bk', { b: 'other' }, { key: 'k1' })).toBeNull();
    expect(await bed.redis.get(uniqueKey)).toBe('1');
    expect(await bed.redis.lrange(bed.key('jobs:bk'), 0, -1)).toEqual([
      `{"name":"bk","id":"${first!.id}","t":1700000000,"args":{"a":1},"unique":true,"unique_key":${JSON.stringify(uniqueKey)}}`,
    ]);
    expect(await enqueuer.enqueueUniqueByKey('bk', { a: 1 }, { key: 'k2' })).not.toBeNull();

    const seen: unknown[] = [];
    const pool = bed.pool();
    pool.job('bk', (job) => void seen.push(job.args));
    await pool.start();
    await pool.drain();
    expect(seen).toEqual([{ a: 1 }, { a: 1 }]);
    expect(await bed.redis.exists(uniqueKey)).toBe(0);
    expect(await enqueuer.enqueueUniqueInByKey('bk', 60, { a: 3 }, { key: 'k1' })).not.toBeNull();
    expect(await enqueuer.enqueueUniqueInByKey('bk', 5, { a: 4 }, { key: 'k1' })).toBeNull();
    expect(await bed.redis.zcard(bed.key('scheduled'))).toBe(1);
  });

  it('enqueueBulk writes every job in order in one round trip and announces each name once', async () => {
    const enqueuer = bed.enqueuer();
    const sub = bed.redis.duplicate();
    const heard: string[] = [];
    sub.on('message', (_c: string, m: string) => heard.push(m));
    await sub.subscribe(bed.key('wake'));
    const jobs = await enqueuer.enqueueBulk([
      ...Array.from({ length: 2500 }, (_, i) => ({ name: 'a', args: { i } })),
      { name: 'b', args: null },
    ]);
    expect(jobs).toHaveLength(2501);
    expect(await bed.redis.llen(bed.key('jobs:a'))).toBe(2500);
    // The first job listed is the next to run (right end of the list).
    expect(parseJob((await bed.redis.lindex(bed.key('jobs:a'), -1))!).args).toEqual({ i: 0 });
    expect(parseJob((await bed.redis.lindex(bed.key('jobs:a'), 0))!).args).toEqual({ i: 2499 });
    expect((await bed.redis.smembers(bed.key('known_jobs'))).sort()).toEqual(['a', 'b']);
    await waitFor(() => heard.length >= 2, 'two wake-ups');
    expect(heard.sort()).toEqual(['a', 'b']);
    await sub.quit();
  });

  it('rejects bad input with a clear error and writes nothing', async () => {
    const enqueuer = bed.enqueuer();
    await expect(enqueuer.enqueue('', {})).rejects.toThrow(/job name must be a non-empty string/);
    await expect(enqueuer.enqueue('x', [1] as never)).rejects.toThrow(
      /must be a plain object or null/,
    );
    await expect(enqueuer.enqueue('x', { n: NaN })).rejects.toThrow(WorkConfigError);
    await expect(enqueuer.enqueue('x', { n: Infinity })).rejects.toThrow(
      /json: unsupported value: \+Inf/,
    );
    await expect(enqueuer.enqueueIn('x', NaN, {})).rejects.toThrow(/secondsFromNow/);
    await expect(enqueuer.enqueueUnique('x', { n: NaN })).rejects.toThrow(/cannot be encoded/);
    await expect(
      enqueuer.enqueueBulk([{ name: 'x' }, { name: 'y', args: { z: -Infinity } }]),
    ).rejects.toThrow(/-Inf/);
    expect(await bed.redis.keys(`${bed.namespace}:*`)).toEqual([]);
  });
});

describe('Redis checks at start-up', () => {
  it('names the Redis version a pool needs', () => {
    expect(versionError('6.0.16')).toBe(
      'Redis 6.0.16 is too old: worker pools need Redis 6.2 or later (the fetch script uses RPOP with a count). Enqueueing still works.',
    );
    expect(versionError('6.2.0')).toBeNull();
    expect(versionError('7.0.15')).toBeNull();
  });

  it('warns about an eviction policy that can lose jobs', () => {
    expect(evictionWarning('noeviction')).toBeNull();
    expect(evictionWarning('allkeys-lru')).toMatch(
      /^Redis maxmemory-policy is "allkeys-lru": .* evicted jobs are lost/,
    );
  });
});
