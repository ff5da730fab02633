/**
 * JSON encoding with the exact bytes Go's encoding/json writes (spec §1.3): compact, object keys
 * sorted by UTF-8 byte order at every depth, `<`, `>`, `&`, U+2028 and U+2029 escaped, control
 * characters as `\n`/`\r`/`\t` or lowercase `\u00xx`, `-0` kept, NaN and ±Infinity refused.
 * Unique keys and periodic members are compared byte for byte with Go's, so this must not drift.
 */

import { WorkError } from './errors';

/**
 * Thrown when a value cannot be encoded: NaN, ±Infinity, a cycle, or a value JSON would silently
 * turn into `{}`, `null` or nothing (a Map, Set, invalid Date, function or symbol).
 */
export class GoJsonError extends WorkError {
  override name = 'GoJsonError';
}

/**
 * Deepest nesting of arrays and objects the encoder encodes. Deeper values would overflow the
 * call stack (a RangeError from anywhere), so they are refused up front with a typed error.
 */
export const MAX_JSON_DEPTH = 1000;

/** Thrown when a value nests deeper than {@link MAX_JSON_DEPTH}. */
export class GoJsonDepthError extends GoJsonError {
  override readonly name = 'GoJsonDepthError';
}

// Characters that force the slow path of string escaping (control characters included on purpose).
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
const HEX = '0123456789abcdef';

/** Encodes a string literal with Go's escaping rules. Lone surrogates become `\ufffd`. */
export function goQuote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c < 0x20) {
      rep =
        c === 0x0a
          ? '\\n'
          : c === 0x0d
            ? '\\r'
            : c === 0x09
              ? '\\t'
              : `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
    } else if (c === 0x22) rep = '\\"';
    else if (c === 0x5c) rep = '\\\\';
    else if (c === 0x3c) rep = '\\u003c';
    else if (c === 0x3e) rep = '\\u003e';
    else if (c === 0x26) rep = '\\u0026';
    else if (c === 0x2028) rep = '\\u2028';
    else if (c === 0x2029) rep = '\\u2029';
    else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1));
      if (pair) {
        i++;
        continue;
      }
      rep = '\\ufffd';
    }
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Formats a float64 as Go does: JavaScript's shortest round-trip form, except that -0 stays -0. */
export function goNumber(n: number): string {
  if (!Number.isFinite(n)) throw new GoJsonError(`json: unsupported value: ${goFloatName(n)}`);
  if (n === 0 && 1 / n < 0) return '-0';
  return String(n);
}

/**
 * Formats a float64 as Go's fmt `%v` does (strconv 'g', shortest digits), the form Go uses in
 * panic texts and `%T(%v)` messages: plain decimal for exponents -4..5, otherwise `d.ddde±dd`
 * with at least two exponent digits (`1e+06`, `1e-07`, `1.9007199254740892e+16`).
 */
export function goFormatFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : goFloatName(n);
  if (n === 0) return 1 / n < 0 ? '-0' : '0';
  const [mantissa, exponent] = n.toExponential().split('e');
  const exp = Number(exponent);
  if (exp >= -4 && exp < 6) return String(n);
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function goFloatName(n: number): string {
  return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
}

/** Compares two strings by the byte order of their UTF-8 encodings (= code point order). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after every BMP character in code point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Sorted keys in UTF-8 byte order; plain sort is right unless a key holds a char >= U+D800. */
function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  return keys.sort(compareUtf8);
}

/**
 * Encodes a value like Go's json.Marshal of the equivalent decoded value. Follows JSON.stringify
 * for `toJSON` and undefined (undefined object members are skipped, undefined array items are
 * null); bigint is written as an exact integer so int64 values survive. Values JSON.stringify
 * would silently lose (Map, Set, invalid Date, functions, symbols) throw {@link GoJsonError};
 * nesting deeper than {@link MAX_JSON_DEPTH} throws {@link GoJsonDepthError}.
 */
export function goJson(value: unknown): string {
  return encode(value, new Set(), 0);
}

/** Why JSON would lose `value` silently, or null when it encodes faithfully. */
function lossyValue(value: object): string | null {
  if (value instanceof Map || value instanceof WeakMap)
    return 'a Map (JSON writes {}); convert it with Object.fromEntries(map)';
  if (value instanceof Set || value instanceof WeakSet)
    return 'a Set (JSON writes {}); convert it with [...set]';
  if (value instanceof Date && Number.isNaN(value.getTime()))
    return 'an invalid Date (JSON writes null)';
  return null;
}

function unsupported(what: string): GoJsonError {
  return new GoJsonError(`json: unsupported value: ${what}`);
}

function encode(value: unknown, seen: Set<object>, depth: number): string {
  switch (typeof value) {
    case 'string':
      return goQuote(value);
    case 'number':
      return goNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'null';
    case 'function':
      throw unsupported('a function (JSON drops it)');
    case 'symbol':
      throw unsupported('a symbol (JSON drops it)');
  }
  if (value === null) return 'null';
  const lossy = lossyValue(value as object);
  if (lossy) throw unsupported(lossy);
  const obj = value as { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') return encode(obj.toJSON(), seen, depth);
  if (seen.has(obj)) throw unsupported('encountered a cycle');
  if (depth >= MAX_JSON_DEPTH)
    throw new GoJsonDepthError(`json: value nests deeper than ${MAX_JSON_DEPTH} levels`);
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = '[';
    for (let i = 0; i < obj.length; i++) out += (i ? ',' : '') + encode(obj[i], seen, depth + 1);
    out += ']';
  } else {
    out = '{';
    let first = true;
    const rec = obj as Record<string, unknown>;
    for (const key of sortedKeys(rec)) {
      const v = rec[key];
      if (v === undefined) continue;
      out += (first ? '' : ',') + goQuote(key) + ':' + encode(v, seen, depth + 1);
      first = false;
    }
    out += '}';
  }
  seen.delete(obj);
  return out;
}
