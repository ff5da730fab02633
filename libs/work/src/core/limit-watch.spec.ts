import { limitOverwrittenMessage, limitReplacedMessage } from './limit-watch';
import type { WorkLogger } from './logger';
import { waitFor } from '../../../../test/harness/redis';
import { WorkTestBed } from '../../../../test/harness/work';

describe('MaxConcurrency overwrites are logged (last writer wins)', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('limits')));
  afterEach(() => bed.close());

  function recorder(): { logger: WorkLogger; warnings: string[] } {
    const warnings: string[] = [];
    return {
      warnings,
      logger: { log: () => {}, error: () => {}, warn: (m) => void warnings.push(m) },
    };
  }
  function pool(limit: number, logger: WorkLogger) {
    const p = bed.pool({ logger, reapIntervalMs: 20, deadRetention: false });
    p.job('j', () => undefined, { maxConcurrency: limit });
    return p;
  }

  it('a starting pool warns when it replaces a different limit, not the same one', async () => {
    const first = recorder();
    await pool(2, first.logger).start();
    const same = recorder();
    await pool(2, same.logger).start();
    const later = recorder();
    await pool(5, later.logger).start();
    expect(await bed.redis.get(bed.key('jobs:j:max_concurrency'))).toBe('5');
    expect(later.warnings).toEqual([limitReplacedMessage('j', '2', 5)]);
    expect(later.warnings[0]).toContain('replacing 2 set by a pool that started earlier');
    expect(same.warnings.filter((w) => w.includes('replacing'))).toEqual([]);
    // The first pool notices with its next reaper pass, once per change, a Go pool's write too.
    await waitFor(async () => first.warnings.length === 1, 'the overwrite noticed');
    expect(first.warnings).toEqual([limitOverwrittenMessage('j', 2, '5')]);
    await bed.redis.set(bed.key('jobs:j:max_concurrency'), '0'); // a Go pool without the setting
    await waitFor(async () => first.warnings.length === 2, 'the Go overwrite noticed');
    expect(first.warnings[1]).toBe(limitOverwrittenMessage('j', 2, '0'));
    expect(first.warnings[1]).toContain('is now 0 (unlimited) in Redis');
    await waitFor(async () => later.warnings.length === 2, 'the later pool noticing too');
    expect(later.warnings[1]).toBe(limitOverwrittenMessage('j', 5, '0'));
  });
});
