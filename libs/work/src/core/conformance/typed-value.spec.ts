import { decodeGoBytes, hasInvalidUtf8, toJsArgs, toJsValue, TypedValue } from './typed-value';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('decodeGoBytes (Go utf8.DecodeRune rules)', () => {
  it.each([
    ['valid text', bytes(0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80), 'aé😀'],
    ['one bad byte', bytes(0x78, 0xff, 0x79), 'x\ufffdy'],
    ['a 2-byte start at the end', bytes(0x61, 0xc3), 'a\ufffd'],
    ['a truncated 3-byte sequence: two errors', bytes(0xe2, 0x82, 0x78), '\ufffd\ufffdx'],
    ['a UTF-16 surrogate encoding: three errors', bytes(0xed, 0xa0, 0x80), '\ufffd\ufffd\ufffd'],
    ['an overlong form: two errors', bytes(0xc0, 0xaf), '\ufffd\ufffd'],
    ['an overlong 3-byte form', bytes(0xe0, 0x80, 0x80), '\ufffd\ufffd\ufffd'],
    ['beyond U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), '\ufffd\ufffd\ufffd\ufffd'],
    ['U+10FFFF itself', bytes(0xf4, 0x8f, 0xbf, 0xbf), '\u{10ffff}'],
    ['U+FFFD itself', bytes(0xef, 0xbf, 0xbd), '\ufffd'],
  ])('%s', (_what, input, text) => {
    expect(decodeGoBytes(input)).toBe(text);
  });

  it('maps each bad byte to the lone surrogate U+DC00+byte in surrogate-escape mode', () => {
    expect(decodeGoBytes(bytes(0x78, 0xed, 0xa0, 0x80, 0xc3), 'surrogate-escape')).toBe(
      'x\udced\udca0\udc80\udcc3',
    );
  });
});

describe('toJsValue', () => {
  it('converts integers to numbers when safe, else BigInt', () => {
    expect(toJsValue({ type: 'int', value: '-1' })).toBe(-1);
    expect(toJsValue({ type: 'int64', value: '9007199254740991' })).toBe(9007199254740991);
    expect(toJsValue({ type: 'int64', value: '9007199254740992' })).toBe(9007199254740992n);
    expect(toJsValue({ type: 'uint64', value: '18446744073709551615' })).toBe(
      18446744073709551615n,
    );
  });

  it('converts Go float spellings', () => {
    const f = (value: string) => toJsValue({ type: 'float64', value });
    expect([f('1e+21'), f('1e-07'), f('+Inf'), f('-Inf'), f('3.5')]).toEqual([
      1e21,
      1e-7,
      Infinity,
      -Infinity,
      3.5,
    ]);
    expect(Object.is(f('-0'), -0)).toBe(true);
    expect(Number.isNaN(f('NaN'))).toBe(true);
    expect(toJsValue({ type: 'float32', value: '0.1' })).toBe(0.1);
  });

  it('builds maps, slices and nils; decodes invalid UTF-8 in values and keys', () => {
    const typed: TypedValue = {
      type: 'map',
      entries: [
        { key: 'k\ufffd', key_b64: 'a/8=', key_utf8_valid: false, value: { type: 'nil_slice' } },
        {
          key: 's',
          value: { type: 'slice', items: [{ type: 'nil' }, { type: 'bool', value: true }] },
        },
        {
          key: 'v',
          value: { type: 'string', value: '\ufffd\ufffd', value_b64: '4oI=', utf8_valid: false },
        },
      ],
    };
    expect(toJsArgs(typed)).toEqual({ 'k\ufffd': null, s: [null, true], v: '\ufffd\ufffd' });
    expect(toJsArgs(typed, 'surrogate-escape')).toEqual({
      'k\udcff': null,
      s: [null, true],
      v: '\udce2\udc82',
    });
    expect(hasInvalidUtf8(typed)).toBe(true);
    expect(
      hasInvalidUtf8({
        type: 'map',
        entries: [{ key: 'a', value: { type: 'string', value: 'x' } }],
      }),
    ).toBe(false);
    expect(toJsArgs({ type: 'nil' })).toBeNull();
    expect(() => toJsArgs({ type: 'slice', items: [] })).toThrow('args must be a map or nil');
  });
});
