import { makeIdentifier } from './identifier';

describe('makeIdentifier (identifier_test, spec §1.2)', () => {
  it('is 24 lowercase hex characters (12 random bytes)', () => {
    expect(makeIdentifier()).toMatch(/^[0-9a-f]{24}$/);
  });

  it('never repeats, across several refills of its random-byte block', () => {
    // The ids come from blocks of 512; 5000 ids cross the block boundary many times.
    const ids = Array.from({ length: 5000 }, makeIdentifier);
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spreads over every hex digit at every position (not a counter or a fixed prefix)', () => {
    const ids = Array.from({ length: 2000 }, makeIdentifier);
    for (let pos = 0; pos < 24; pos++) {
      const digits = new Set(ids.map((id) => id[pos]));
      expect(digits.size).toBe(16);
    }
  });
});
