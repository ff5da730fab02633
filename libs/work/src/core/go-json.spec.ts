import {
  compareUtf8,
  goJson,
  GoJsonDepthError,
  GoJsonError,
  goNumber,
  goQuote,
  MAX_JSON_DEPTH,
} from './go-json';
import { serializeJob } from './job';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('goJson (Go encoding/json bytes, spec §1.3)', () => {
  it('reproduces the real dump of spec §1.3 byte for byte', () => {
    const args = {
      z: 1,
      a: 'x<y>&z',
      big: 12345678901234567n,
      f: 3.5,
      nested: { b: 2, a: [] },
      u: 'é\u2028',
    };
    const job = serializeJob({ name: 'plain', id: '4d54aa', enqueuedAt: 1795824745, args });
    const expected =
      '{"name":"plain","id":"4d54aa","t":1795824745,"args":{"a":"x\\u003cy\\u003e\\u0026z",' +
      '"big":12345678901234567,"f":3.5,"nested":{"a":[],"b":2},"u":"é\\u2028","z":1}}';
    expect(utf8(job).equals(utf8(expected))).toBe(true);
    expect(job).toBe(expected);
  });

  it('is compact, with object keys sorted at every depth', () => {
    expect(goJson({ b: { d: 1, c: [{ y: 1, x: 2 }] }, a: null })).toBe(
      '{"a":null,"b":{"c":[{"x":2,"y":1}],"d":1}}',
    );
  });

  it('sorts keys by their UTF-8 bytes, not by UTF-16 code units or JS integer-key order', () => {
    // U+FF61 is EF BD A1 and U+1F600 is F0 9F 98 80: byte order puts U+FF61 first, UTF-16 the reverse.
    expect(goJson({ '😀': 1, '｡': 2 })).toBe('{"｡":2,"😀":1}');
    // JS objects list integer-like keys first in numeric order; Go sorts the strings.
    expect(goJson({ 9: 'a', 10: 'b', 1: 'c', a: 'd', B: 'e' })).toBe(
      '{"1":"c","10":"b","9":"a","B":"e","a":"d"}',
    );
    expect(goJson({ é: 1, z: 2, '~': 3 })).toBe('{"z":2,"~":3,"é":1}');
  });

  it('compareUtf8 orders by code point', () => {
    const sorted = ['😀', '｡', 'é', 'a', 'A', ''].sort(compareUtf8);
    expect(sorted).toEqual(['', 'A', 'a', 'é', '｡', '😀']);
    expect(compareUtf8('ab', 'ab')).toBe(0);
    expect(compareUtf8('a', 'ab')).toBeLessThan(0);
  });

  it('escapes HTML characters, U+2028/U+2029, quotes and backslashes; not the slash', () => {
    expect(goQuote('<a href="/x">&</a>')).toBe(
      '"\\u003ca href=\\"/x\\"\\u003e\\u0026\\u003c/a\\u003e"',
    );
    expect(goQuote('\u2028\u2029\\')).toBe('"\\u2028\\u2029\\\\"');
  });

  it('writes control characters as \\n \\r \\t or lowercase \\u00xx (Go 1.19: \\b and \\f too), DEL raw', () => {
    expect(goQuote('\n\r\t\b\f\u0000\u001f\u007f')).toBe(
      '"\\n\\r\\t\\u0008\\u000c\\u0000\\u001f\u007f"',
    );
  });

  it('keeps other non-ASCII raw, U+FFFD included; lone surrogates become \\ufffd', () => {
    expect(goQuote('é中😀\ufffd')).toBe('"é中😀\ufffd"');
    expect(goQuote('a\ud800b\udc00')).toBe('"a\\ufffdb\\ufffd"');
    expect(goQuote('\udc00\ud83d')).toBe('"\\ufffd\\ufffd"');
  });

  it('writes numbers in the shortest round-trip form, exponent only below 1e-6 or from 1e21', () => {
    expect(
      goJson([
        0.1, 3.5, 1e20, 1e21, 1e-6, 1e-7, 2.5e-8, 5e-324, 1.7976931348623157e308, 123456789.123,
      ]),
    ).toBe(
      '[0.1,3.5,100000000000000000000,1e+21,0.000001,1e-7,2.5e-8,5e-324,1.7976931348623157e+308,123456789.123]',
    );
  });

  it('keeps -0 (JS would write 0)', () => {
    expect(goNumber(-0)).toBe('-0');
    expect(goJson({ z: -0, p: 0 })).toBe('{"p":0,"z":-0}');
  });

  it('writes BigInt exactly (int64 and uint64 beyond 2^53)', () => {
    expect(
      goJson({ a: 9007199254740993n, b: -9223372036854775808n, c: 18446744073709551615n }),
    ).toBe('{"a":9007199254740993,"b":-9223372036854775808,"c":18446744073709551615}');
  });

  it.each([
    [NaN, 'json: unsupported value: NaN'],
    [Infinity, 'json: unsupported value: +Inf'],
    [-Infinity, 'json: unsupported value: -Inf'],
  ])("refuses %p with Go's error text, at any depth", (n, message) => {
    expect(() => goNumber(n)).toThrow(GoJsonError);
    expect(() => goJson({ a: [1, { b: n }] })).toThrow(message);
  });

  it('refuses cycles instead of overflowing the stack', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => goJson(a)).toThrow(GoJsonError);
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(goJson({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });

  it('follows JSON.stringify where Go has no equivalent: toJSON, undefined members, undefined items', () => {
    const when = new Date(Date.UTC(2016, 6, 5, 21, 20, 3));
    expect(goJson({ when, gone: undefined, arr: [undefined, 1] })).toBe(
      '{"arr":[null,1],"when":"2016-07-05T21:20:03.000Z"}',
    );
  });

  it.each([
    ['a Map', { m: new Map([['a', 1]]) }, /a Map .*Object\.fromEntries/],
    ['a Set', { s: new Set([1]) }, /a Set .*\[\.\.\.set\]/],
    ['an invalid Date', { d: new Date('nope') }, /an invalid Date/],
    ['a function member', { f: () => 1 }, /a function/],
    ['a function item', { a: [() => 1] }, /a function/],
    ['a symbol member', { s: Symbol('x') }, /a symbol/],
  ])('refuses %s instead of losing it silently', (_what, value, message) => {
    expect(() => goJson(value)).toThrow(GoJsonError);
    expect(() => goJson(value)).toThrow(message);
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH with a typed error, not a stack overflow', () => {
    const nest = (depth: number) => {
      let v: Record<string, unknown> = {};
      for (let i = 1; i < depth; i++) v = { a: v };
      return v;
    };
    expect(goJson(nest(MAX_JSON_DEPTH))).toHaveLength(MAX_JSON_DEPTH * 6 - 4);
    expect(() => goJson(nest(MAX_JSON_DEPTH + 1))).toThrow(GoJsonDepthError);
    expect(() => goJson(nest(100_000))).toThrow(GoJsonDepthError);
  });
});
