import { FixedClock } from './clock';
import { Job } from './job';
import { Keys } from './keys';
import { Observer } from './observer';
import { WorkTestBed } from '../../../../test/harness/work';

describe('observer (observer_test)', () => {
  let bed: WorkTestBed;
  let clock: FixedClock;
  let observer: Observer;
  const job = () => new Job({ name: 'foo', id: 'bar', enqueuedAt: 1, args: { b: 'wat', a: 1 } });
  beforeEach(() => {
    bed = new WorkTestBed('obs');
    clock = new FixedClock(1425263409);
    observer = new Observer(new Keys(bed.namespace), bed.redis, clock, ['w1', 'w2']);
  });
  afterEach(() => bed.close());

  it('writes a started job with its sorted args and a 24 h TTL', async () => {
    observer.started(0, job());
    await observer.flush();
    expect(await bed.redis.hgetall(bed.key('worker:w1'))).toEqual({
      job_name: 'foo',
      job_id: 'bar',
      started_at: '1425263409',
      args: '{"a":1,"b":"wat"}',
    });
    expect(await bed.redis.ttl(bed.key('worker:w1'))).toBe(86400);
    expect(await bed.redis.exists(bed.key('worker:w2'))).toBe(0);
  });

  it('deletes the hash when the job is done', async () => {
    observer.started(0, job());
    await observer.flush();
    observer.done(0);
    await observer.flush();
    expect(await bed.redis.exists(bed.key('worker:w1'))).toBe(0);
  });

  it('adds check-ins of the current job, and ignores those of another job', async () => {
    observer.started(0, job());
    clock.epoch += 1;
    observer.checkin(0, 'bar', 'doin it');
    observer.checkin(0, 'other-job', 'not me');
    await observer.flush();
    expect(await bed.redis.hgetall(bed.key('worker:w1'))).toMatchObject({
      checkin: 'doin it',
      checkin_at: '1425263410',
      job_id: 'bar',
    });
  });

  it('takes check-ins from Job.checkin through the running job, and not outside a worker', async () => {
    const j = job();
    j.checkin('nobody listens');
    observer.started(1, j);
    j.checkinSink = { checkin: (x, m) => observer.checkin(1, x.id, m) };
    j.checkin('sup');
    await observer.flush();
    expect(await bed.redis.hget(bed.key('worker:w2'), 'checkin')).toBe('sup');
  });

  it('does not carry a check-in over to the next job on the same worker', async () => {
    observer.started(0, job());
    observer.checkin(0, 'bar', 'halfway');
    await observer.flush();
    observer.done(0);
    observer.started(0, new Job({ name: 'foo', id: 'next', enqueuedAt: 1, args: null }));
    await observer.flush();
    expect(await bed.redis.hgetall(bed.key('worker:w1'))).toEqual({
      job_name: 'foo',
      job_id: 'next',
      started_at: '1425263409',
      args: '',
    });
  });
});
