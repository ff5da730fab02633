import { defaultBackoff } from './backoff';
import { Job } from './job';

const failedTimes = (fails: number) =>
  new Job({ name: 'j', id: 'i', enqueuedAt: 1, args: null, fails });
const lowest = () => 0;
const highest = () => 1 - Number.EPSILON;

describe('defaultBackoff: fails^4 + 15 + R*(fails+1), R in 0..29 (spec §6.5)', () => {
  it.each([
    [1, 16, 74],
    [2, 31, 118],
    [3, 96, 212],
    [4, 271, 416],
    [5, 640, 814],
  ])('fails=%p ranges over %p..%p seconds', (fails, min, max) => {
    expect(defaultBackoff(failedTimes(fails), lowest)).toBe(min);
    expect(defaultBackoff(failedTimes(fails), highest)).toBe(max);
  });

  it('reaches every R from 0 to 29 in steps of fails+1, and nothing else', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 3000; i++) seen.add(defaultBackoff(failedTimes(2), () => i / 3000));
    expect([...seen].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, r) => 31 + 3 * r),
    );
  });

  it('grows without bound', () => {
    expect(defaultBackoff(failedTimes(25), lowest)).toBe(390640);
  });

  it('uses Math.random by default, staying in range', () => {
    for (let i = 0; i < 200; i++) {
      const s = defaultBackoff(failedTimes(1));
      expect(Number.isInteger(s) && s >= 16 && s <= 74).toBe(true);
    }
  });
});
