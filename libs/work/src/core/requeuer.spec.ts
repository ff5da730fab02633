import * as fs from 'node:fs';
import * as path from 'node:path';
import { FixedClock } from './clock';
import { parseJob } from './job';
import { Keys } from './keys';
import { Requeuer } from './requeuer';
import { WorkTestBed } from '../../../../test/harness/work';

const vectors = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../../test/fixtures/vectors.json'), 'utf8'),
);
const cjson = vectors.cjson_requeue;

describe('requeuer (requeuer_test, B2)', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('rq')));
  afterEach(() => bed.close());

  function requeuer(
    clock: FixedClock,
    jobNames: string[],
    zset = new Keys(bed.namespace).scheduled,
    extra = {},
  ) {
    return new Requeuer({
      zset,
      keys: new Keys(bed.namespace),
      redis: bed.redis,
      clock,
      jobNames,
      ...extra,
    });
  }

  it('moves due jobs to their queues with t = now, and leaves the rest', async () => {
    const clock = new FixedClock(1700000000 - 10);
    const enqueuer = bed.enqueuer({ clock });
    await enqueuer.enqueueIn('wat', -9, null);
    await enqueuer.enqueueIn('wat', -9, null);
    await enqueuer.enqueueIn('foo', 10, null);
    await enqueuer.enqueueIn('foo', 14, null);
    await enqueuer.enqueueIn('bar', 19, null);
    clock.epoch = 1700000000;
    expect(await requeuer(clock, ['wat', 'foo', 'bar']).requeue()).toBe(3);
    expect(await bed.redis.llen(bed.key('jobs:wat'))).toBe(2);
    expect(await bed.redis.llen(bed.key('jobs:foo'))).toBe(1);
    expect(await bed.redis.llen(bed.key('jobs:bar'))).toBe(0);
    expect(await bed.redis.zcard(bed.key('scheduled'))).toBe(2);
    expect(parseJob((await bed.redis.lindex(bed.key('jobs:foo'), 0))!).enqueuedAt).toBe(1700000000);
  });

  it('moves a job known only through known_jobs, and leaves an unknown one in place (not dead)', async () => {
    const clock = new FixedClock(1700000000);
    await bed.redis.zadd(
      bed.key('retry'),
      1699999990,
      '{"name":"ghost","id":"g","t":1,"args":null,"fails":1}',
    );
    await bed.redis.zadd(
      bed.key('retry'),
      1699999991,
      '{"name":"elsewhere","id":"e","t":1,"args":null,"fails":1}',
    );
    await bed.redis.sadd(bed.key('known_jobs'), 'elsewhere');
    const r = requeuer(clock, ['mine'], new Keys(bed.namespace).retry);
    expect(await r.requeue()).toBe(1);
    expect(await bed.redis.llen(bed.key('jobs:elsewhere'))).toBe(1);
    expect(await bed.redis.zrange(bed.key('retry'), 0, -1)).toEqual([
      '{"name":"ghost","id":"g","t":1,"args":null,"fails":1}',
    ]);
    expect(await bed.redis.zcard(bed.key('dead'))).toBe(0);
  });

  it('is not blocked by members it cannot decode, and does not reread skipped ones every pass', async () => {
    const clock = new FixedClock(1700000000);
    for (let i = 0; i < 250; i++)
      await bed.redis.zadd(bed.key('scheduled'), 1600000000 + i, `not json ${i}`);
    await bed.redis.zadd(
      bed.key('scheduled'),
      1699999999,
      '{"name":"ok","id":"x","t":1,"args":null}',
    );
    const r = requeuer(clock, ['ok'], new Keys(bed.namespace).scheduled, { maxPerPass: 1000 });
    expect(await r.requeue()).toBe(1);
    expect(await bed.redis.llen(bed.key('jobs:ok'))).toBe(1);
    await bed.redis.zadd(
      bed.key('scheduled'),
      1699999999,
      '{"name":"ok","id":"y","t":1,"args":null}',
    );
    expect(await r.requeue()).toBe(1);
    expect(r.skippedAtHead).toBe(250);
    expect(await bed.redis.zcard(bed.key('scheduled'))).toBe(250);
  });

  it('bounds the members looked at per pass', async () => {
    const clock = new FixedClock(1700000000);
    const members = Array.from({ length: 500 }, (_, i) => [
      1600000000 + i,
      `{"name":"ok","id":"${i}","t":1,"args":null}`,
    ]).flat();
    await bed.redis.zadd(bed.key('scheduled'), ...(members as (string | number)[]));
    const r = requeuer(clock, ['ok'], new Keys(bed.namespace).scheduled, { maxPerPass: 200 });
    expect(await r.requeue()).toBe(200);
    expect(await r.requeue()).toBe(200);
    expect(await r.requeue()).toBe(100);
    expect(await bed.redis.llen(bed.key('jobs:ok'))).toBe(500);
  });

  describe('re-encodes requeued jobs with cjson exactly as Go pools do (vectors cjson_requeue)', () => {
    it.each(cjson.cases.map((c: any) => [c.case, c]) as Array<[string, any]>)(
      '%s',
      async (_name, c) => {
        const clock = new FixedClock(cjson.t1_requeue_now);
        const prefix = `${bed.namespace}:`;
        const member = Buffer.from(c.scheduled_member_b64, 'base64');
        await bed.redis.zadd(bed.key('scheduled'), c.scheduled_score, member);
        const names = c.name_known_to_requeuer ? [c.job_name] : [];
        await requeuer(clock, names).requeue();
        const queue = `${prefix}jobs:${c.job_name}`;
        if (c.requeued_bytes_b64) {
          const [stored] = await bed.redis.lrangeBuffer(queue, 0, -1);
          expect(stored.toString('base64')).toBe(c.requeued_bytes_b64);
        } else {
          // Go kills an unknown job into dead; we leave it where it is (B2).
          expect(await bed.redis.llen(queue)).toBe(0);
          expect(await bed.redis.zcard(bed.key('dead'))).toBe(0);
          expect(
            (await bed.redis.zrangeBuffer(bed.key('scheduled'), 0, -1))[0].equals(member),
          ).toBe(true);
        }
      },
    );
  });
});
