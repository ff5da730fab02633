import { WorkTestBed } from '../../../../test/harness/work';
import { MAX_DELAY_SECONDS } from './enqueuer';
import { WorkConfigError } from './errors';
import type { Args } from './job';

/** Bad input to the enqueuer: a clear WorkConfigError, and nothing written. */
describe('Enqueuer input checks', () => {
  let bed: WorkTestBed;
  beforeEach(() => (bed = new WorkTestBed('input')));
  afterEach(() => bed.close());

  async function expectNothingWritten(): Promise<void> {
    expect(await bed.redis.keys(`${bed.namespace}:*`)).toEqual([]);
  }

  it.each([
    ['a Map', { m: new Map([['a', 1]]) }, /a Map/],
    ['a Set', { s: new Set([1]) }, /a Set/],
    ['an invalid Date', { d: new Date('no') }, /an invalid Date/],
    ['a function', { f: () => 1 }, /a function/],
    ['a symbol', { s: Symbol('s') }, /a symbol/],
    ['deep nesting', JSON.parse('{"a":'.repeat(2000) + '1' + '}'.repeat(2000)), /deeper than 1000/],
  ])('refuses args holding %s instead of silently changing them', async (_what, args, reason) => {
    const enqueuer = bed.enqueuer();
    const call = enqueuer.enqueue('mail', args as Args);
    await expect(call).rejects.toThrow(WorkConfigError);
    await expect(enqueuer.enqueue('mail', args as Args)).rejects.toThrow(reason);
    await expectNothingWritten();
  });

  it('refuses a Map as a unique key map, which would make different jobs share one key', async () => {
    const enqueuer = bed.enqueuer();
    const keyMap = { user: new Map([['id', 1]]) } as unknown as Args;
    await expect(enqueuer.enqueueUniqueByKey('mail', { a: 1 }, keyMap)).rejects.toThrow(/a Map/);
    await expectNothingWritten();
  });

  it('enqueue(null) and enqueueBulk(null) say what was expected', async () => {
    const enqueuer = bed.enqueuer();
    await expect(enqueuer.enqueue(null as unknown as string)).rejects.toThrow(
      /^the job to enqueue must be a job name or a job definition, got null/,
    );
    await expect(enqueuer.enqueueBulk(null as never)).rejects.toThrow(
      /^enqueueBulk\(jobs\) must be an array of \{ name, args \}, got null/,
    );
    await expect(enqueuer.enqueueBulk([null as never])).rejects.toThrow(
      /^enqueueBulk\(jobs\)\[0\] must be an object/,
    );
    await expectNothingWritten();
  });

  it.each([1e300, -1e300, MAX_DELAY_SECONDS + 1])(
    'enqueueIn refuses a delay of %p s',
    async (s) => {
      const enqueuer = bed.enqueuer();
      await expect(enqueuer.enqueueIn('mail', s, {})).rejects.toThrow(
        /must be a number of seconds between -3153600000 and 3153600000/,
      );
      await expect(enqueuer.enqueueUniqueIn('mail', s, {})).rejects.toThrow(WorkConfigError);
      await expectNothingWritten();
    },
  );
});
