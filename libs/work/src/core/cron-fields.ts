/**
 * The syntax half of gocraft v0.5.1's cron dialect: robfig/cron v1.2.0 `cron.Parse`, ported rule for
 * rule (field splitting, ranges, steps, names, descriptors, Go's `time.ParseDuration`), so that a spec
 * is accepted or rejected exactly as a Go pool would, with Go's own error text. cron.ts turns the
 * result into a schedule; nothing here knows about time zones or cron-parser.
 */

import { WorkError } from './errors';

/** One parsed field: the values it allows, and robfig's "star bit" (the field began with * or ?). */
export interface CronFieldSet {
  /** Allowed values, ascending, without duplicates; may be empty (a field such as `,` allows none). */
  values: number[];
  /** True when any comma item was `*` or `?` (including `*\/n`); drives the day-of-month/week rule. */
  star: boolean;
}

/** A spec parsed by robfig's rules: six field sets, or a constant delay from `@every`. */
export type ParsedCron =
  | {
      kind: 'fields';
      second: CronFieldSet;
      minute: CronFieldSet;
      hour: CronFieldSet;
      dom: CronFieldSet;
      month: CronFieldSet;
      dow: CronFieldSet;
    }
  | { kind: 'every'; delaySeconds: number };

/** A spec robfig/cron v1.2.0 rejects; `goText` is the exact error text Go's `cron.Parse` returns. */
export class CronSyntaxError extends WorkError {
  override readonly name = 'CronSyntaxError';
  constructor(
    readonly goText: string,
    readonly field?: string,
  ) {
    super(goText);
  }
}

interface Bounds {
  label: string;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const names = (list: string, first: number): Record<string, number> =>
  Object.fromEntries(list.split(' ').map((name, i) => [name, first + i]));
const MONTH_NAMES = names('jan feb mar apr may jun jul aug sep oct nov dec', 1);
const DOW_NAMES = names('sun mon tue wed thu fri sat', 0);
const FIELDS: Bounds[] = [
  { label: 'seconds', min: 0, max: 59 },
  { label: 'minutes', min: 0, max: 59 },
  { label: 'hours', min: 0, max: 23 },
  { label: 'day-of-month', min: 1, max: 31 },
  { label: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { label: 'day-of-week', min: 0, max: 6, names: DOW_NAMES },
];

// Go's unicode.IsSpace, which strings.Fields splits on. JS \s differs (it has U+FEFF, lacks U+0085).
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

function all(b: Bounds): CronFieldSet {
  return { values: range(b.min, b.max, 1), star: true };
}
function only(v: number): CronFieldSet {
  return { values: [v], star: false };
}
function range(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let v = start; v <= end; v += step) out.push(v);
  return out;
}

/** Parses a spec exactly as robfig/cron v1.2.0 `cron.Parse` (gocraft v0.5.1's parser) does. */
export function parseRobfigSpec(spec: string): ParsedCron {
  if (spec.length === 0) throw new CronSyntaxError('Empty spec string');
  // Only a spec whose very first byte is @ is a descriptor; " @daily" is a one-field spec.
  if (spec[0] === '@') return parseDescriptor(spec);
  const fields = spec.split(GO_SPACE).filter((f) => f !== '');
  if (fields.length < 5 || fields.length > 6) {
    throw new CronSyntaxError(`Expected 5 to 6 fields, found ${fields.length}: ${spec}`);
  }
  if (fields.length === 5) fields.push('*'); // robfig v1's DowOptional default
  const [second, minute, hour, dom, month, dow] = fields.map((f, i) => parseField(f, FIELDS[i]));
  return { kind: 'fields', second, minute, hour, dom, month, dow };
}

function parseDescriptor(spec: string): ParsedCron {
  const [, , hours, days, months, weekdays] = FIELDS;
  const at = (hour: CronFieldSet, dom: CronFieldSet, month: CronFieldSet, dow: CronFieldSet) =>
    ({ kind: 'fields', second: only(0), minute: only(0), hour, dom, month, dow }) as const;
  // Case-sensitive, as in robfig v1 (@YEARLY is rejected).
  switch (spec) {
    case '@yearly':
    case '@annually':
      return at(only(0), only(days.min), only(months.min), all(weekdays));
    case '@monthly':
      return at(only(0), only(days.min), all(months), all(weekdays));
    case '@weekly':
      return at(only(0), all(days), all(months), only(weekdays.min));
    case '@daily':
    case '@midnight':
      return at(only(0), all(days), all(months), all(weekdays));
    case '@hourly':
      return at(all(hours), all(days), all(months), all(weekdays));
  }
  if (spec.startsWith('@every ')) {
    const nanos = parseGoDuration(spec.slice('@every '.length), spec);
    // robfig's Every: below one second becomes one second; the sub-second remainder is dropped.
    const clamped = nanos < NANOS_PER_SECOND ? NANOS_PER_SECOND : nanos;
    return { kind: 'every', delaySeconds: Number(clamped / NANOS_PER_SECOND) };
  }
  throw new CronSyntaxError(`Unrecognized descriptor: ${spec}`);
}

function parseField(field: string, b: Bounds): CronFieldSet {
  const values = new Set<number>();
  let star = false;
  // strings.FieldsFunc on ',' drops empty items, so "0,,5" is "0,5" and "," allows nothing.
  for (const expr of field.split(',').filter((e) => e !== '')) {
    const r = parseRange(expr, b);
    star ||= r.star;
    for (const v of r.values) values.add(v);
  }
  return { values: [...values].sort((x, y) => x - y), star };
}

// robfig's getRange, check for check and in the same order, so the first error is Go's error.
function parseRange(expr: string, b: Bounds): CronFieldSet {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  const fail = (text: string): never => {
    throw new CronSyntaxError(text, b.label);
  };
  let start: bigint;
  let end: bigint;
  let star = false;
  // Only the first hyphen part is looked at for a star, so "*-5" is "*" (robfig quirk, kept).
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end, star] = [BigInt(b.min), BigInt(b.max), true];
  } else {
    start = parseIntOrName(lowAndHigh[0], b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], b);
    else return fail(`Too many hyphens: ${expr}`);
  }
  let step = 1n;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1], b);
    if (lowAndHigh.length === 1) end = BigInt(b.max); // "a/n" means a to max, step n
  } else if (rangeAndStep.length > 2) {
    return fail(`Too many slashes: ${expr}`);
  }
  if (start < BigInt(b.min))
    fail(`Beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > BigInt(b.max)) fail(`End of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) fail(`Beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0n) fail(`Step of range should be a positive number: ${expr}`);
  return { values: range(Number(start), Number(end), Number(step)), star };
}

function parseIntOrName(expr: string, b: Bounds): bigint {
  const key = expr.toLowerCase();
  return b.names && Object.hasOwn(b.names, key) ? BigInt(b.names[key]) : mustParseInt(expr, b);
}

// strconv.Atoi (optional sign, decimal digits, int64 range) plus robfig's negative check.
function mustParseInt(expr: string, b: Bounds): bigint {
  const bad = (why: string): never => {
    throw new CronSyntaxError(
      `Failed to parse int from ${expr}: strconv.Atoi: parsing ${strconvQuote(expr)}: ${why}`,
      b.label,
    );
  };
  if (!/^[+-]?[0-9]+$/.test(expr)) return bad('invalid syntax');
  const num = BigInt(expr);
  if (num > 2n ** 63n - 1n || num < -(2n ** 63n)) return bad('value out of range');
  if (num < 0n) throw new CronSyntaxError(`Negative number (${num}) not allowed: ${expr}`, b.label);
  return num;
}

const NANOS_PER_SECOND = 1_000_000_000n;
const MAX_UINT_DURATION = 1n << 63n;
const DURATION_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: NANOS_PER_SECOND,
  m: 60n * NANOS_PER_SECOND,
  h: 3600n * NANOS_PER_SECOND,
};

/** Go's `time.ParseDuration` (nanoseconds as a bigint), failing with robfig's wrapped Go error text. */
export function parseGoDuration(s: string, descriptor: string): bigint {
  const orig = s;
  const fail = (text: string): never => {
    throw new CronSyntaxError(`Failed to parse duration ${descriptor}: time: ${text}`);
  };
  const invalid = () => fail(`invalid duration ${timeQuote(orig)}`);
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') invalid();
  let d = 0n;
  while (s !== '') {
    if (!/^[0-9.]/.test(s)) invalid();
    const intPart = /^[0-9]*/.exec(s)![0];
    let v = 0n;
    for (const c of intPart) {
      if (v > MAX_UINT_DURATION / 10n) invalid();
      v = v * 10n + BigInt(c);
      if (v > MAX_UINT_DURATION) invalid();
    }
    s = s.slice(intPart.length);
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      const frac = /^[0-9]*/.exec(s.slice(1))![0];
      s = s.slice(1 + frac.length);
      post = frac.length > 0;
      let overflow = false;
      for (const c of frac) {
        const y = f * 10n + BigInt(c);
        // Go stops adding precision once the fraction would overflow, instead of failing.
        if (overflow || f > (MAX_UINT_DURATION - 1n) / 10n || y > MAX_UINT_DURATION)
          overflow = true;
        else [f, scale] = [y, scale * 10];
      }
    }
    if (intPart === '' && !post) invalid();
    const unitText = /^[^0-9.]*/.exec(s)![0];
    if (unitText === '') fail(`missing unit in duration ${timeQuote(orig)}`);
    s = s.slice(unitText.length);
    const unit = DURATION_UNITS[unitText];
    if (unit === undefined)
      return fail(`unknown unit ${timeQuote(unitText)} in duration ${timeQuote(orig)}`);
    if (v > MAX_UINT_DURATION / unit) invalid();
    v *= unit;
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX_UINT_DURATION) invalid();
    }
    d += v;
    if (d > MAX_UINT_DURATION) invalid();
  }
  if (neg) return -d;
  if (d > MAX_UINT_DURATION - 1n) invalid();
  return d;
}

// The time package's quote: non-ASCII and control bytes as \xNN, quotes and backslashes escaped.
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch < ' ' || ch > '\x7f') {
      for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

// strconv.Quote for what can reach it here (a field item: no spaces, no commas).
function strconvQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
