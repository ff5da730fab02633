import { AckBatch, splitBatch } from './ack-batch';

describe('splitBatch', () => {
  const keys = ['r', 'd', 'inA', 'lockA', 'infoA', 'inB', 'lockB', 'infoB', 'uniqA'];

  it('splits a refused batch by queue group and kind, renumbering groups and unique keys', () => {
    const batch: AckBatch = {
      keys,
      argv: [
        'p1',
        '2z',
        '1 r',
        'a-retry',
        100,
        'm',
        '1 ou',
        'a-uniq',
        1,
        '*1 1',
        'a-ok',
        '*2 1',
        'b-ok',
      ],
      count: 4,
      successes: [['a-ok'], ['b-ok']],
      others: ['a-retry', 'a-uniq'],
    };
    expect(splitBatch(batch)).toEqual([
      {
        keys: ['r', 'd', 'inA', 'lockA', 'infoA'],
        argv: ['p1', '1z', '1 r', 'a-retry', 100, 'm'],
        count: 1,
        successes: [],
        others: ['a-retry'],
      },
      {
        keys: ['r', 'd', 'inA', 'lockA', 'infoA', 'uniqA'],
        argv: ['p1', '1', '1 ou', 'a-uniq', 1, '*1 1', 'a-ok'],
        count: 2,
        successes: [['a-ok']],
        others: ['a-uniq'],
      },
      {
        keys: ['r', 'd', 'inB', 'lockB', 'infoB'],
        argv: ['p1', '1', '*1 1', 'b-ok'],
        count: 1,
        successes: [['b-ok']],
        others: [],
      },
    ]);
  });

  it('returns a batch of one part as it is', () => {
    const batch: AckBatch = {
      keys: keys.slice(0, 5),
      argv: ['p1', '1', '1 x', 'a-drop', '*1 2', 'a-ok', Buffer.from([0xff])],
      count: 3,
      successes: [['a-ok', Buffer.from([0xff])]],
      others: ['a-drop'],
    };
    expect(splitBatch(batch)).toEqual([batch]);
    expect(splitBatch(batch)[0]).toBe(batch);
  });

  it('returns a batch with an entry it cannot read as it is, rather than throwing', () => {
    const batch: AckBatch = {
      keys,
      argv: ['p1', '2', '*1 1', 'a-ok', '2 q', 'b-what'],
      count: 2,
      successes: [['a-ok']],
      others: ['b-what'],
    };
    expect(splitBatch(batch)).toEqual([batch]);
  });
});
