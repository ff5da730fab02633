/**
 * gocraft v0.5.1's periodic schedules: robfig/cron v1.2.0 `cron.Parse` + `Next`, evaluated with
 * cron-parser. Go and Nest pools dedupe periodic jobs only when both compute the same epochs, so
 * every difference between the two libraries is translated here (see docs/periodic.md):
 * - Syntax is robfig's, parsed by cron-fields.ts: cron-parser reads 5 fields as minute-first and
 *   accepts 7, L, W, # and H, which Go rejects. cron-parser receives a normalised 6-field expression
 *   of explicit lists.
 * - The day rule: robfig ANDs day-of-month and day-of-week when either has a star (even `*\/2` or
 *   `?`); cron-parser ORs two restricted fields. Such specs give cron-parser the day-of-month list
 *   only and filter the weekday here.
 * - Time zones: robfig walks real instants and fires where their local fields match, so a wall time
 *   skipped by spring-forward never fires and one repeated by fall-back fires twice; cron-parser
 *   moves the first and fires the second once. So cron-parser runs in UTC on the wall-clock timeline
 *   (local time written as if it were UTC, where no DST exists) and this file maps wall times back to
 *   instants, one UTC-offset segment at a time.
 * - A day no month has (Feb 30) never fires instead of failing at parse; nothing within 5 years
 *   gives null (Go's zero time).
 */
import { CronExpression, CronExpressionParser } from 'cron-parser';
import { CronFieldSet, CronSyntaxError, parseRobfigSpec, ParsedCron } from './cron-fields';
import { WorkConfigError } from './errors';
import { WorkError } from './errors';

/** A parsed periodic spec. */
export interface CronSchedule {
  /** The spec exactly as given; it is copied verbatim into periodic job ids. */
  readonly spec: string;
  /**
   * `every` for `@every <duration>`: a constant delay from whatever time it is asked about, so two
   * pools (or two passes) never produce the same epochs and such jobs never dedupe.
   */
  readonly kind: 'fields' | 'every';
  /**
   * The first firing strictly after `epochSeconds` (integer epoch seconds), with the spec's fields
   * read in `timeZone` (an IANA name). Null where Go returns its zero time: no match within robfig's
   * 5-year search (the local year of the result may be at most the start's year + 5).
   */
  next(epochSeconds: number, timeZone: string): number | null;
}

/** Parses a gocraft v0.5.1 (robfig/cron v1.2.0) spec; throws a WorkConfigError naming the problem. */
export function parseCronSpec(spec: string): CronSchedule {
  let parsed: ParsedCron;
  try {
    parsed = parseRobfigSpec(spec);
  } catch (err) {
    if (err instanceof CronSyntaxError)
      throw new WorkConfigError(invalidCronSpecMessage(spec, err));
    throw err;
  }
  return parsed.kind === 'every'
    ? new EverySchedule(spec, parsed.delaySeconds)
    : new FieldSchedule(spec, planFor(parsed));
}

/** The process's local IANA zone: what Go's `time.Local` is, and so what gocraft pools evaluate in. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Returns `timeZone` if Intl knows it; throws a WorkConfigError otherwise. */
export function checkTimeZone(timeZone: string): string {
  zoneNamed(timeZone);
  return timeZone;
}

/** The message of an invalid spec: the spec, Go's own error text, the field, and the dialect. */
export function invalidCronSpecMessage(spec: string, err: CronSyntaxError): string {
  const where = err.field ? ` (${err.field} field)` : '';
  return (
    `invalid cron spec ${JSON.stringify(spec)}: ${err.goText}${where}. gocraft v0.5.1 specs are ` +
    `"seconds minutes hours day-of-month month [day-of-week]" (seconds first, so 5 fields is not ` +
    `standard cron), or @yearly, @monthly, @weekly, @daily, @hourly or "@every <Go duration>"`
  );
}

/** The message of an unknown time zone. */
export function invalidTimeZoneMessage(timeZone: string): string {
  return `unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as "UTC" or "America/New_York"`;
}

class EverySchedule implements CronSchedule {
  readonly kind = 'every';
  constructor(
    readonly spec: string,
    private readonly delaySeconds: number,
  ) {}

  next(epochSeconds: number, timeZone: string): number {
    zoneNamed(timeZone);
    return Math.floor(epochSeconds) + this.delaySeconds; // robfig: t + delay, no alignment
  }
}

/** What cron-parser evaluates: a 6-field expression plus, for ANDed day fields, the weekdays. */
interface Plan {
  expression: string;
  weekdays: ReadonlySet<number> | null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Surfaced by cron-parser only as a message; its 10,000 steps reach past robfig's 5 years anyway.
const LOOP_LIMIT_MESSAGE = 'Invalid expression, loop limit exceeded';

function list(f: CronFieldSet, size: number): string {
  return f.values.length === size ? '*' : f.values.join(',');
}

// Null means the spec can never fire. Full sets are written '*' because cron-parser decides its day
// rule on the literal '*', and a spelled-out list would switch it to OR.
function planFor(p: Extract<ParsedCron, { kind: 'fields' }>): Plan | null {
  const { second, minute, hour, dom, month, dow } = p;
  if ([second, minute, hour, month].some((f) => f.values.length === 0)) return null;
  const domFull = dom.values.length === 31;
  const dowFull = dow.values.length === 7;
  let domExpr = dom.values.join(',');
  let dowExpr = '*';
  let weekdays: Set<number> | null = null;
  if (dom.star || dow.star) {
    if (dom.values.length === 0 || dow.values.length === 0) return null;
    if (domFull) [domExpr, dowExpr] = ['*', list(dow, 7)];
    else if (!dowFull) weekdays = new Set(dow.values); // both restricted: AND, which cron-parser lacks
  } else if (domFull || dowFull) {
    domExpr = '*'; // OR with a full side is every day
  } else if (dom.values.length === 0) {
    if (dow.values.length === 0) return null;
    [domExpr, dowExpr] = ['*', list(dow, 7)];
  } else if (dow.values.length > 0) {
    dowExpr = list(dow, 7); // both restricted: cron-parser's OR is robfig's
  }
  if (domExpr !== '*' && dowExpr === '*') {
    const longest = Math.max(...month.values.map((m) => DAYS_IN_MONTH[m - 1]));
    if (dom.values[0] > longest) return null; // e.g. Feb 30: Go never fires; cron-parser would throw
  }
  const time = [list(second, 60), list(minute, 60), list(hour, 24)].join(' ');
  return { expression: `${time} ${domExpr} ${list(month, 12)} ${dowExpr}`, weekdays };
}

class FieldSchedule implements CronSchedule {
  readonly kind = 'fields';
  private readonly expression: CronExpression | null;

  constructor(
    readonly spec: string,
    private readonly plan: Plan | null,
  ) {
    // Always UTC: the expression walks wall-clock time; zones are applied in next().
    this.expression =
      plan && CronExpressionParser.parse(plan.expression, { tz: 'UTC', currentDate: new Date(0) });
  }

  next(epochSeconds: number, timeZone: string): number | null {
    const zone = zoneNamed(timeZone);
    if (!this.expression) return null;
    const from = Math.floor(epochSeconds);
    const endWall = dateSeconds(zone.yearAt(from + 1) + 6, 1, 1); // robfig gives up after year + 5
    let after = from;
    for (;;) {
      // Within one UTC-offset segment wall time is monotonic, so the first matching wall time is
      // the first matching instant, unless the segment ends first; then retry from the next one.
      const offset = zone.offsetAt(after + 1);
      const wall = this.nextWall(after + 1 + offset, endWall);
      if (wall === null) return null;
      const candidate = wall - offset;
      const shift = zone.firstShift(after + 1, candidate);
      if (shift === null) return candidate;
      after = shift - 1;
    }
  }

  /** The first wall time >= `fromWall` matching the spec, or null if none before `endWall`. */
  private nextWall(fromWall: number, endWall: number): number | null {
    const expression = this.expression!;
    const weekdays = this.plan!.weekdays;
    for (let wall = fromWall; wall < endWall;) {
      expression.reset(new Date((wall - 1) * 1000)); // cron-parser's next() is strictly after
      let found: number;
      try {
        found = expression.next().getTime() / 1000;
      } catch (err) {
        if ((err as Error).message === LOOP_LIMIT_MESSAGE) return null;
        throw err;
      }
      if (found >= endWall) return null;
      if (!weekdays || weekdays.has(new Date(found * 1000).getUTCDay())) return found;
      wall = Math.floor(found / DAY) * DAY + DAY; // wrong weekday: nothing else that day matches
    }
    return null;
  }
}

const DAY = 86400;

/**
 * Seconds of a date's 00:00:00 on a timeline without offsets: UTC itself, or the wall clock written
 * as if it were UTC (setUTCFullYear, since Date.UTC maps years 0-99 to 19xx).
 */
function dateSeconds(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime() / 1000;
}

/** One UTC year of a zone: the offset at its start, then each change and the offset after it. */
interface YearOffsets {
  base: number;
  shifts: Array<[at: number, offset: number]>;
}

const WALL: Intl.DateTimeFormatOptions = Object.fromEntries(
  ['year', 'month', 'day', 'hour', 'minute', 'second'].map((field) => [field, 'numeric']),
);

/**
 * A time zone's UTC offsets, read through Intl (the only zone database Node ships) and cached as the
 * offset shifts of each UTC year, found by sampling every day and bisecting. Two shifts within one
 * day (none in today's tzdata) would be missed.
 */
class Zone {
  private readonly format: Intl.DateTimeFormat;
  private readonly fixed: boolean;
  private readonly years = new Map<number, YearOffsets>();

  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', { timeZone: name, hourCycle: 'h23', ...WALL });
    this.fixed = ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT'].includes(
      this.format.resolvedOptions().timeZone,
    );
  }

  /** Seconds to add to an instant to get its wall-clock time. */
  offsetAt(epoch: number): number {
    if (this.fixed) return 0;
    const { base, shifts } = this.yearOf(epoch);
    let offset = base;
    for (const [at, after] of shifts) if (at <= epoch) offset = after;
    return offset;
  }

  /** The local calendar year of an instant. */
  yearAt(epoch: number): number {
    return utcYear(epoch + this.offsetAt(epoch));
  }

  /** The first instant in (a, c] where the offset changes, or null. */
  firstShift(a: number, c: number): number | null {
    if (this.fixed) return null;
    for (let year = utcYear(a); year <= utcYear(c); year++) {
      for (const [at] of this.yearOf(dateSeconds(year, 1, 1)).shifts)
        if (at > a && at <= c) return at;
    }
    return null;
  }

  private yearOf(epoch: number): YearOffsets {
    const year = utcYear(epoch);
    let cached = this.years.get(year);
    if (!cached) {
      const [start, end] = [dateSeconds(year, 1, 1), dateSeconds(year + 1, 1, 1)];
      cached = { base: this.measure(start), shifts: [] };
      for (let lo = start, offset = cached.base; lo < end;) {
        let hi = Math.min(lo + DAY, end);
        const next = this.measure(hi);
        if (next !== offset) {
          const hiEnd = hi;
          while (hi - lo > 1) {
            const mid = Math.floor((lo + hi) / 2);
            if (this.measure(mid) === offset) lo = mid;
            else hi = mid;
          }
          cached.shifts.push([hi, next]);
          [hi, offset] = [hiEnd, next];
        }
        lo = hi;
      }
      this.years.set(year, cached);
    }
    return cached;
  }

  // format() + a regex is several times faster than formatToParts().
  private measure(epoch: number): number {
    const m = /(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)\D+(\d+)/.exec(
      this.format.format(epoch * 1000),
    );
    if (!m) throw new WorkError(`unexpected Intl output for time zone ${this.name}`);
    const [month, day, year, hour, minute, second] = m.slice(1).map(Number);
    return dateSeconds(year, month, day) + hour * 3600 + minute * 60 + second - epoch;
  }
}

function utcYear(seconds: number): number {
  return new Date(seconds * 1000).getUTCFullYear();
}

const zones = new Map<string, Zone>();

function zoneNamed(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    try {
      zone = new Zone(timeZone);
    } catch {
      throw new WorkConfigError(invalidTimeZoneMessage(timeZone));
    }
    zones.set(timeZone, zone);
  }
  return zone;
}
