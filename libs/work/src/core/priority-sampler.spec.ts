import { PrioritySampler } from './priority-sampler';

/** mulberry32: a tiny seeded PRNG, so the statistics below are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const item = (name: string, priority: number) => ({ name, priority });
const names = (items: { name: string }[]) => items.map((i) => i.name).join('');

describe('PrioritySampler (priority_sampler_test, spec §6.6)', () => {
  it('puts a type first with probability priority/sum, and priority 1 last most of the time', () => {
    const sampler = new PrioritySampler([item('a', 5), item('b', 2), item('c', 1)], seeded(42));
    const first: Record<string, number> = { a: 0, b: 0, c: 0 };
    let cLast = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const order = sampler.sample();
      first[order[0].name]++;
      if (order[2].name === 'c') cLast++;
    }
    // gocraft's own bounds (with 200 samples)...
    expect(first.a).toBeGreaterThan(2 * first.b);
    expect(first.b).toBeGreaterThan(1.5 * first.c);
    expect(first.c).toBeGreaterThanOrEqual(n / 13);
    expect(cLast).toBeGreaterThan(n / 2);
    // ...and the exact expectations: 5/8, 2/8, 1/8 first; c last with 5/8·2/3 + 2/8·5/6 = 5/8.
    expect(first.a / n).toBeCloseTo(5 / 8, 1);
    expect(first.b / n).toBeCloseTo(2 / 8, 1);
    expect(first.c / n).toBeCloseTo(1 / 8, 1);
    expect(cLast / n).toBeCloseTo(5 / 8, 1);
  });

  it('walks the unplaced items from the back, taking the first whose running sum exceeds r', () => {
    // r = 0 picks the last unplaced item each time: c (sum 1 > 0), then a (from [c, b, a]: a's 5 > 0).
    expect(
      names(new PrioritySampler([item('a', 5), item('b', 2), item('c', 1)], () => 0).sample()),
    ).toBe('cab');
    // r = sum-1 picks the front item each time.
    const top = new PrioritySampler([item('a', 5), item('b', 2), item('c', 1)], () => 0.999999);
    expect(names(top.sample())).toBe('abc');
  });

  it('re-permutes the previous order, as gocraft keeps one list per pool', () => {
    const sampler = new PrioritySampler([item('a', 1), item('b', 1), item('c', 1)], () => 0);
    expect(names(sampler.sample())).toBe('cab');
    expect(names(sampler.sample())).toBe('bca');
  });

  it('writes index orders into a shared array at an offset', () => {
    const sampler = new PrioritySampler([item('a', 5), item('b', 2), item('c', 1)], () => 0);
    const out = [9, 9, 9, 9, 9];
    sampler.sampleInto(out, 2);
    expect(out).toEqual([9, 9, 2, 0, 1]);
  });

  it('handles zero and one item without drawing random numbers', () => {
    const random = jest.fn(() => 0.5);
    expect(new PrioritySampler([], random).sample()).toEqual([]);
    expect(names(new PrioritySampler([item('x', 7)], random).sample())).toBe('x');
    expect(random).not.toHaveBeenCalled();
  });

  it('gives a huge priority almost every first place', () => {
    const sampler = new PrioritySampler([item('low', 1), item('high', 100000)], seeded(7));
    let high = 0;
    for (let i = 0; i < 5000; i++) if (sampler.sample()[0].name === 'high') high++;
    expect(high).toBeGreaterThan(4980);
  });
});
