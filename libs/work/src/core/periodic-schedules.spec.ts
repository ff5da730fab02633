import { FixedClock } from './clock';
import { describeSpec } from './periodic-schedules';
import { WorkTestBed } from '../../../../test/harness/work';
import { ClientFactory } from '../../../../test/harness/client';

describe('periodic schedules advertised by pools', () => {
  let bed: WorkTestBed;
  let clients: ClientFactory;
  beforeEach(() => {
    bed = new WorkTestBed('periodic-ads');
    clients = new ClientFactory(bed);
  });
  afterEach(async () => {
    await clients.closeAll();
    await bed.close();
  });

  it('lists each schedule once with its next three fire times and every pool that registers it', async () => {
    for (let i = 0; i < 2; i++) {
      const pool = bed.pool({ timeZone: 'Asia/Kolkata' });
      pool.job('report', () => undefined);
      pool.periodicallyEnqueue('0 30 9 * * 1-5', 'report');
      await pool.start();
    }
    // 2023-11-14T22:13:20Z is a Tuesday; 09:30 in Kolkata is 04:00Z.
    const client = clients.open({ clock: new FixedClock(1_700_000_000) });
    const schedules = await client.periodicSchedules();
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({
      job_name: 'report',
      spec: '0 30 9 * * 1-5',
      description: 'at second 0, minute 30, hour 9, on Mon-Fri',
      time_zone: 'Asia/Kolkata',
      next: [
        Date.UTC(2023, 10, 15, 4, 0) / 1000,
        Date.UTC(2023, 10, 16, 4, 0) / 1000,
        Date.UTC(2023, 10, 17, 4, 0) / 1000,
      ],
    });
    expect(schedules[0].pools.map((p) => p.pid)).toEqual([process.pid, process.pid]);
    // gocraft's seven fields are all still there; ours come on top.
    const [id] = await bed.redis.smembers(bed.key('worker_pools'));
    expect((await bed.redis.hkeys(bed.key(`worker_pools:${id}`))).sort()).toEqual([
      'concurrency',
      'heartbeat_at',
      'host',
      'job_names',
      'periodic',
      'pid',
      'started_at',
      'time_zone',
      'worker_ids',
    ]);
  });

  it('describes specs in words', () => {
    expect(describeSpec('@every 1h30m')).toBe('every 1h30m');
    expect(describeSpec('@daily')).toBe('once a day, at midnight');
    expect(describeSpec('*/10 * * * * *')).toBe('at every 10 seconds');
    expect(describeSpec('0 0 0 1 1,7 *')).toBe(
      'at second 0, minute 0, hour 0, on day 1 of the month, in Jan,Jul',
    );
  });
});
