import { DEFAULT_DEAD_MAX_AGE_SECONDS } from './client-types';
import { deadRetentionOffMessage } from './dead-retention';
import { WorkConfigError } from './errors';
import type { WorkLogger } from './logger';
import { waitFor } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';

/** Dead-set retention in a namespace shared with Go: off unless configured (docs/interop.md). */
describe('dead-set retention of a pool', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('retain')));
  afterEach(() => bed.close());

  const now = () => Math.floor(Date.now() / 1000);
  /** Dead jobs a Go worker wrote long ago, as its bytes look. */
  async function goDeadJobs(): Promise<string[]> {
    const old = now() - DEFAULT_DEAD_MAX_AGE_SECONDS - 86400;
    const members = [0, 1, 2].map(
      (i) =>
        `{"name":"go_job","id":"00000000000000000000000${i}","t":${old},"args":{"a":1},"fails":4,"err":"boom","failed_at":${old}}`,
    );
    await bed.redis.zadd(bed.key('dead'), ...members.flatMap((m) => [old, m]));
    return members;
  }
  /** Resolves after the pool's reaper task has completed at least one whole pass. */
  async function afterTwoReaperPasses(): Promise<void> {
    for (const id of ['stale1', 'stale2']) {
      await bed.redis.sadd(bed.key('worker_pools'), id);
      await waitFor(
        async () => (await bed.redis.sismember(bed.key('worker_pools'), id)) === 0,
        `the reaper to remove ${id}`,
      );
    }
  }
  function recorder(): { logger: WorkLogger; lines: string[] } {
    const lines: string[] = [];
    const push = (m: string) => void lines.push(m);
    return { lines, logger: { log: push, warn: push, error: push } };
  }

  it("by default keeps Go's dead jobs, however old, and says so once at start", async () => {
    const members = await goDeadJobs();
    const { logger, lines } = recorder();
    const pool = bed.pool({ reapIntervalMs: 20, logger });
    await pool.start();
    await afterTwoReaperPasses();
    expect(await bed.redis.zrange(bed.key('dead'), 0, -1)).toEqual(members);
    expect(lines.filter((l) => l.includes('dead-set retention'))).toEqual([
      deadRetentionOffMessage(),
    ]);
    expect(deadRetentionOffMessage()).toContain('deadRetention');
  });

  it('with deadRetention: false keeps everything and logs nothing about it', async () => {
    const members = await goDeadJobs();
    const { logger, lines } = recorder();
    await bed.pool({ reapIntervalMs: 20, logger, deadRetention: false }).start();
    await afterTwoReaperPasses();
    expect(await bed.redis.zrange(bed.key('dead'), 0, -1)).toEqual(members);
    expect(lines.filter((l) => l.includes('dead-set retention'))).toEqual([]);
  });

  it('with deadRetention: true trims by the defaults (180 days)', async () => {
    await goDeadJobs();
    const fresh = '{"name":"x","id":"fresh","t":1,"args":null}';
    await bed.redis.zadd(bed.key('dead'), now() - 60, fresh);
    await bed.pool({ reapIntervalMs: 20, deadRetention: true }).start();
    await waitFor(
      async () => (await bed.redis.zcard(bed.key('dead'))) === 1,
      'the old dead jobs trimmed',
    );
    expect(await bed.redis.zrange(bed.key('dead'), 0, -1)).toEqual([fresh]);
  });

  it('refuses a malformed deadRetention at construction, naming it', () => {
    expect(() => bed.pool({ deadRetention: 'yes' as never })).toThrow(
      'WorkerPool option "deadRetention" must be a boolean or { maxJobs?, maxAgeSeconds? }, got "yes"',
    );
    for (const bad of [{ maxJobs: -1 }, { maxAgeSeconds: 1.5 }])
      expect(() => bed.pool({ deadRetention: bad })).toThrow(
        /^WorkerPool option "deadRetention\.(maxJobs|maxAgeSeconds)" must be/,
      );
    expect(() => bed.pool({ deadRetention: { maxJobs: Infinity } })).not.toThrow(WorkConfigError);
  });
});
