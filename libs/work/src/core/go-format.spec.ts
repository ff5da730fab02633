import { loadVectors } from './conformance/vectors';
import { goTypedText, goTypeName, goValueText } from './go-format';

describe('goValueText / goTypeName (Go fmt %v and %T of decoded JSON)', () => {
  it.each([
    [null, '<nil>', '<nil>'],
    ['a b', 'a b', 'string'],
    [false, 'false', 'bool'],
    [42, '42', 'float64'],
    [0.000012, '1.2e-05', 'float64'],
    [123456789, '1.23456789e+08', 'float64'],
    [9223372036854775807n, '9223372036854775807', 'int64'],
    [['a', ['b']], '[a [b]]', '[]interface {}'],
    [{ é: 1, z: 2, A: 3 }, 'map[A:3 z:2 é:1]', 'map[string]interface {}'],
  ])('%j', (value, text, type) => {
    expect(goValueText(value)).toBe(text);
    expect(goTypeName(value)).toBe(type);
    expect(goTypedText(value)).toBe(`${type}(${text})`);
  });

  it('matches the Go %v texts recorded in the vectors (panic values as stored in err)', () => {
    const byCase = new Map(loadVectors().retry_dead_json.cases.map((c) => [c.case, c]));
    // The Go values panicked with: the string "boom", the int 42 and the float64 1e21.
    const values: Array<[string, unknown]> = [
      ['panic_string', 'boom'],
      ['panic_int', 42],
      ['panic_float', 1e21],
    ];
    for (const [name, value] of values)
      expect([name, goValueText(value)]).toEqual([name, byCase.get(name)?.dead_err_text]);
  });
});
