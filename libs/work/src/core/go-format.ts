/**
 * Go's fmt `%v` and `%T` for the values a Go worker decodes from job JSON (spec §11): what the
 * argument accessors print in their errors, so a message reads the same from either side.
 * Decoded JSON gives Go only nil, string, bool, float64, []interface {} and map[string]interface {}.
 */
import { compareUtf8, goFormatFloat } from './go-json';

/**
 * The value as Go's `%v` prints its decoded counterpart: strings bare, numbers as float64
 * (`1e+06`), `[a b]` for arrays, `map[k:v]` with keys sorted for objects, `<nil>` for null.
 */
export function goValueText(value: unknown): string {
  return format(value, new Set());
}

/** The name Go's `%T` gives the decoded counterpart of `value` (`float64`, `[]interface {}`, …). */
export function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    // Only local args hold a bigint (a Redis round trip makes it a float64); int64 is its Go type.
    case 'bigint':
      return 'int64';
  }
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** `%T(%v)`, the form gocraft's accessor errors use. */
export function goTypedText(value: unknown): string {
  return `${goTypeName(value)}(${goValueText(value)})`;
}

function format(value: unknown, seen: Set<object>): string {
  if (value === null || value === undefined) return '<nil>';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return goFormatFloat(value);
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return '<nil>';
  }
  const obj = value as { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') return format(obj.toJSON(), seen);
  // Go values cannot be cyclic; a cyclic JS value is printed the way fmt marks a repeated pointer.
  if (seen.has(obj)) return '<cycle>';
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj)) out = `[${obj.map((item) => format(item, seen)).join(' ')}]`;
  else {
    const rec = obj as Record<string, unknown>;
    // fmt prints map entries sorted by key, like encoding/json, in byte order.
    const keys = Object.keys(rec).sort(compareUtf8);
    out = `map[${keys.map((k) => `${k}:${format(rec[k], seen)}`).join(' ')}]`;
  }
  seen.delete(obj);
  return out;
}
