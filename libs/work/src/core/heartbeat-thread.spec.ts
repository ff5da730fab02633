import { standInThreadStats } from './heartbeat-thread';
import { WorkTestBed } from '../../../../test/harness/work';

/**
 * Each thread costs about 10 MB of resident memory, so the pools of a process share one. (That
 * it beats for every pool while the event loop is blocked is shown with a real process in
 * heartbeat-blocked-loop.spec.ts.)
 */
describe('the heartbeat stand-in thread', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('standin')));
  afterEach(() => bed.close());

  it('is one per process: started by the first pool, shared, ended with the last, and started again', async () => {
    expect(standInThreadStats()).toEqual({ threads: 0, pools: 0 });
    const pools = [bed.pool(), bed.pool(), bed.pool({ namespace: `${bed.namespace}:other` })];
    for (const pool of pools) pool.job('x', () => undefined);
    await Promise.all(pools.map((pool) => pool.start()));
    expect(standInThreadStats()).toEqual({ threads: 1, pools: 3 });

    await pools[0].stop();
    expect(standInThreadStats()).toEqual({ threads: 1, pools: 2 });
    await Promise.all([pools[1].stop(), pools[2].stop()]);
    expect(standInThreadStats()).toEqual({ threads: 0, pools: 0 });

    const again = bed.pool();
    again.job('x', () => undefined);
    await again.start();
    expect(standInThreadStats()).toEqual({ threads: 1, pools: 1 });
    await again.stop();
    expect(standInThreadStats()).toEqual({ threads: 0, pools: 0 });
  });
});
