import { FixedClock } from './clock';
import { WorkTestBed } from '../../../../test/harness/work';
import { addDead, addJob, ClientFactory, hexId } from '../../../../test/harness/client';

/** Server-side search, newest-first listings, filtered bulk actions and lookups by location. */
describe('Client search and filtered bulk actions', () => {
  let bed: WorkTestBed;
  let clients: ClientFactory;
  const now = 1_700_000_000;
  beforeEach(() => {
    bed = new WorkTestBed('client-search');
    clients = new ClientFactory(bed);
  });
  afterEach(async () => {
    await clients.closeAll();
    await bed.close();
  });

  /** 30 dead jobs: names alternate a/b, args carry n, died at now-100+n. */
  async function fillDead(): Promise<void> {
    await bed.redis.sadd(bed.key('known_jobs'), 'a', 'b');
    for (let n = 0; n < 30; n++)
      await addDead(bed, now - 100 + n, n % 2 ? 'b' : 'a', hexId(n), {
        n,
        tag: n === 17 ? 'Needle' : 'hay',
      });
  }

  it('lists newest first with order desc', async () => {
    await fillDead();
    const client = clients.open({ clock: new FixedClock(now) });
    const page = await client.deadJobs(1, 3, 'desc');
    expect(page.count).toBe(30);
    expect(page.jobs.map((j) => j.id)).toEqual([hexId(29), hexId(28), hexId(27)]);
    expect((await client.deadJobs(2, 3)).jobs.map((j) => j.id)).toEqual([
      hexId(3),
      hexId(4),
      hexId(5),
    ]);
  });

  it('searches by term anywhere, case-insensitively, paging by cursor and counting', async () => {
    await fillDead();
    const client = clients.open({ clock: new FixedClock(now) });
    const hit = await client.searchJobs('dead', { q: 'needle', budget: 7 });
    // Newest first: the needle (n=17) sits 12 members from the top; a 7-member budget stops short.
    expect(hit).toMatchObject({ jobs: [], matched: 0, scanned: 7, cursor: 7, total: 30 });
    const next = await client.searchJobs('dead', { q: 'needle', cursor: 7, budget: 7 });
    expect(next.jobs.map((j) => [j.id, j.score])).toEqual([[hexId(17), now - 83]]);
    // The page is not full, so the step reads its whole budget.
    expect(next.cursor).toBe(14);
    const rest = await client.searchJobs('dead', { q: 'NEEDLE', cursor: 14 });
    expect(rest).toMatchObject({ jobs: [], matched: 0, cursor: null });

    // Pages of 4 jobs named b, oldest first; the cursor sits right after the 4th match.
    const b1 = await client.searchJobs('dead', { name: 'b', order: 'asc', limit: 4 });
    expect(b1.jobs.map((j) => j.id)).toEqual([1, 3, 5, 7].map(hexId));
    expect(b1.cursor).toBe(8);
    const b2 = await client.searchJobs('dead', { name: 'b', order: 'asc', limit: 4, cursor: 8 });
    expect(b2.jobs.map((j) => j.id)).toEqual([9, 11, 13, 15].map(hexId));
    // Counting only: limit 0.
    const counted = await client.searchJobs('dead', { name: 'b', q: 'hay', limit: 0 });
    expect(counted).toMatchObject({ jobs: [], matched: 14, scanned: 30, cursor: null });
  });

  it('filtered bulk actions touch exactly what the search counted', async () => {
    await fillDead();
    const client = clients.open({ clock: new FixedClock(now) });
    const filter = { name: 'b', q: 'hay' };
    const { matched } = await client.searchJobs('dead', { ...filter, limit: 0 });
    expect(await client.retryDeadJobsMatching(filter)).toEqual({
      requeued: matched,
      unknown: 0,
      unencodable: 0,
    });
    expect(await bed.redis.llen(bed.key('jobs:b'))).toBe(14);
    expect(await bed.redis.llen(bed.key('jobs:a'))).toBe(0);
    expect(await bed.redis.zcard(bed.key('dead'))).toBe(16);
    expect(await client.deleteMatchingJobs('dead', { q: 'needle' })).toBe(1);
    const left = await bed.redis.zrange(bed.key('dead'), 0, -1);
    expect(left.map((m) => JSON.parse(m).id)).toEqual(
      [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28].map(hexId),
    );
  });

  it('filtered run-now moves only matches, skipping many unknown names by rank', async () => {
    await bed.redis.sadd(bed.key('known_jobs'), 'k');
    for (let n = 0; n < 2500; n++)
      await addJob(bed, 'retry', now + n, {
        name: n % 2 ? 'k' : 'ghost',
        id: hexId(n),
        args: { n },
      });
    const client = clients.open({ clock: new FixedClock(now) });
    expect(await client.runAllJobsNow('retry', { q: '"n":24' })).toEqual({ moved: 55, left: 2445 });
    // "n":24 matches 24, 240..249 and 2400..2499; only odd n (name k) are known.
    const moved = (await bed.redis.lrange(bed.key('jobs:k'), 0, -1))
      .map((m) => JSON.parse(m).args.n)
      .sort((x, y) => x - y);
    expect(moved).toEqual(
      [241, 243, 245, 247, 249].concat(Array.from({ length: 50 }, (_, i) => 2401 + 2 * i)),
    );
    expect(await client.runAllJobsNow('retry')).toEqual({ moved: 1195, left: 1250 });
  });

  it('finds a job at a known score in O(log n), and falls back to a scan when it moved', async () => {
    await fillDead();
    const client = clients.open({ clock: new FixedClock(now) });
    expect(await client.findJob(hexId(5), { set: 'dead', score: now - 95 })).toMatchObject({
      set: 'dead',
      score: now - 95,
    });
    expect(await client.findJob(hexId(5), { set: 'retry', score: 1 })).toMatchObject({
      set: 'dead',
      score: now - 95,
    });
    expect(await client.findJob('nope', { set: 'dead', score: now - 95 })).toBeNull();
  });

  it('deletes all with UNLINK and releases unique keys of matching scheduled jobs', async () => {
    const enqueuer = bed.enqueuer();
    await enqueuer.enqueueUniqueIn('u', 600, { x: 1 });
    await enqueuer.enqueueIn('u', 600, { x: 2 });
    const client = clients.open();
    expect(await client.deleteMatchingJobs('scheduled', { q: '"x":1' })).toBe(1);
    expect(await bed.redis.keys(bed.key('unique:*'))).toEqual([]);
    expect(await client.deleteMatchingJobs('scheduled', {})).toBe(1);
    expect(await bed.redis.exists(bed.key('scheduled'))).toBe(0);
  });
});
