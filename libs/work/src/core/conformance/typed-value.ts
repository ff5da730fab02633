/**
 * Turns the conformance vectors' typed Go inputs ({type, value} trees) into the JS values a
 * TypeScript caller would pass for the same data.
 *
 * - int / int64 / uint64: a number when it is a safe integer, else a BigInt (exact digits).
 * - float64 / float32: Number(value), with Go's spellings `-0`, `NaN`, `+Inf` and `-Inf`.
 * - string: `value`, or, when `value_b64` carries bytes that are not valid UTF-8, those bytes
 *   decoded the way Go's utf8.DecodeRune walks them (see {@link decodeGoBytes}).
 * - map: a plain object (entry order kept; the encoder sorts); slice: an array;
 *   nil and nil_slice: null.
 */

/** One typed Go value as written in vectors.json. */
export type TypedValue =
  | { type: 'nil' }
  | { type: 'nil_slice' }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string; value_b64?: string; utf8_valid?: boolean }
  | { type: 'int' | 'int64' | 'uint64' | 'float64' | 'float32'; value: string }
  | { type: 'map'; entries: TypedEntry[] }
  | { type: 'slice'; items: TypedValue[] };

/** One map entry; `key_b64` is present when the key holds invalid UTF-8. */
export interface TypedEntry {
  key: string;
  key_b64?: string;
  key_utf8_valid?: boolean;
  value: TypedValue;
}

/**
 * What an undecodable byte becomes in the JS string:
 * - `replacement`: U+FFFD, what any UTF-8 decoder hands a JS program (the default);
 * - `surrogate-escape`: the lone surrogate U+DC00+byte (Python's surrogateescape). A JS string
 *   cannot hold invalid UTF-8; a lone surrogate is the one JS value that goJson, like Go for a bad
 *   byte, writes as the escape `\ufffd`.
 */
export type InvalidUtf8Mode = 'replacement' | 'surrogate-escape';

/** Decodes one rune at `i` like Go's utf8.DecodeRune; null means RuneError of width 1. */
function decodeRune(bytes: Uint8Array, i: number): { codePoint: number; size: number } | null {
  const b0 = bytes[i];
  if (b0 < 0x80) return { codePoint: b0, size: 1 };
  let more: number;
  let codePoint: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    more = 1;
    codePoint = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    more = 2;
    codePoint = b0 & 0x0f;
    if (b0 === 0xe0) lo = 0xa0; // no overlong forms
    if (b0 === 0xed) hi = 0x9f; // no UTF-16 surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    more = 3;
    codePoint = b0 & 0x07;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f; // nothing above U+10FFFF
  } else {
    return null;
  }
  if (i + more >= bytes.length) return null; // truncated: Go reports one bad byte
  for (let k = 1; k <= more; k++) {
    const c = bytes[i + k];
    if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return null;
    codePoint = (codePoint << 6) | (c & 0x3f);
  }
  return { codePoint, size: more + 1 };
}

/**
 * Decodes bytes as Go ranges over a string: each byte that does not start a complete, valid
 * sequence is one error (so `E2 82` gives two, `ED A0 80` three), and decoding resumes at the
 * next byte.
 */
export function decodeGoBytes(bytes: Uint8Array, mode: InvalidUtf8Mode = 'replacement'): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const rune = decodeRune(bytes, i);
    if (rune) {
      out += String.fromCodePoint(rune.codePoint);
      i += rune.size;
    } else {
      out += mode === 'replacement' ? '\ufffd' : String.fromCharCode(0xdc00 + bytes[i]);
      i += 1;
    }
  }
  return out;
}

function goString(value: string, b64: string | undefined, mode: InvalidUtf8Mode): string {
  return b64 === undefined ? value : decodeGoBytes(Buffer.from(b64, 'base64'), mode);
}

function goInteger(text: string): number | bigint {
  const big = BigInt(text);
  const small = Number(big);
  return Number.isSafeInteger(small) ? small : big;
}

function goFloat(text: string): number {
  switch (text) {
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
    case '-0':
      return -0;
  }
  const n = Number(text);
  if (Number.isNaN(n)) throw new Error(`typed-value: not a Go float: ${JSON.stringify(text)}`);
  return n;
}

/** The JS value a caller would pass for a typed Go value. */
export function toJsValue(typed: TypedValue, mode: InvalidUtf8Mode = 'replacement'): unknown {
  switch (typed.type) {
    case 'nil':
    case 'nil_slice':
      return null;
    case 'bool':
      return typed.value;
    case 'string':
      return goString(typed.value, typed.value_b64, mode);
    case 'int':
    case 'int64':
    case 'uint64':
      return goInteger(typed.value);
    case 'float64':
    case 'float32':
      return goFloat(typed.value);
    case 'slice':
      return typed.items.map((item) => toJsValue(item, mode));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of typed.entries)
        out[goString(e.key, e.key_b64, mode)] = toJsValue(e.value, mode);
      return out;
    }
  }
}

/** Converts typed job args: an object, or null for Go's nil map. */
export function toJsArgs(
  typed: TypedValue,
  mode: InvalidUtf8Mode = 'replacement',
): Record<string, unknown> | null {
  const value = toJsValue(typed, mode);
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new Error(`typed-value: args must be a map or nil, got ${typed.type}`);
  }
  return value as Record<string, unknown> | null;
}

/** Whether any string or key in the tree carries bytes that are not valid UTF-8. */
export function hasInvalidUtf8(typed: TypedValue): boolean {
  switch (typed.type) {
    case 'string':
      return typed.utf8_valid === false;
    case 'slice':
      return typed.items.some(hasInvalidUtf8);
    case 'map':
      return typed.entries.some((e) => e.key_utf8_valid === false || hasInvalidUtf8(e.value));
    default:
      return false;
  }
}
