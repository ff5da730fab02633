/**
 * gocraft v0.5.1's cron dialect (robfig/cron v1.2.0): every case of the vectors' `cron` section,
 * recorded from the real Go library, plus one test per place where cron-parser's own semantics
 * differ and cron.ts translates (each also shows what cron-parser alone would say).
 */
import { CronExpressionParser } from 'cron-parser';
import { checkTimeZone, localTimeZone, parseCronSpec } from './cron';
import { WorkConfigError } from './errors';
import { loadVectors } from './conformance/vectors';

interface CronRun {
  zone: string;
  start_epoch: number;
  start_label: string;
  next_epochs: number[];
}
interface CronVectors {
  valid: Array<{ spec: string; note: string; runs: CronRun[] }>;
  invalid: Array<{ spec: string; error: string | null }>;
  zero_time: { spec: string; next_of_go_zero_time_epoch: number };
}

/** Go's zero time (0001-01-01T00:00:00Z), which robfig's Next returns where we return null. */
const GO_ZERO = -62135596800;
const cron = (loadVectors() as unknown as { cron: CronVectors }).cron;
const runs = cron.valid.flatMap((v) =>
  v.runs.map((run) => ({ spec: v.spec, note: v.note, ...run })),
);

/** Chains next() as the Go generator chained Next(), writing null as Go's zero time. */
function chain(spec: string, zone: string, start: number, count: number): number[] {
  const schedule = parseCronSpec(spec);
  const out: number[] = [];
  for (let t = start; out.length < count;) {
    t = schedule.next(t, zone) ?? GO_ZERO;
    out.push(t);
  }
  return out;
}

/** What cron-parser alone answers for an expression (to show each translation is needed). */
function cronParserNext(expression: string, tz: string, after: number): number {
  return (
    CronExpressionParser.parse(expression, { tz, currentDate: new Date(after * 1000) })
      .next()
      .getTime() / 1000
  );
}

function parseError(spec: string): WorkConfigError {
  try {
    parseCronSpec(spec);
  } catch (err) {
    expect(err).toBeInstanceOf(WorkConfigError);
    return err as WorkConfigError;
  }
  throw new Error(`${JSON.stringify(spec)} was accepted`);
}

describe('cron vectors: valid specs (next epochs from the real Go library)', () => {
  it('covers every valid spec in both zones', () => {
    expect(cron.valid.length).toBe(46);
    expect(runs.length).toBe(460);
    expect(new Set(runs.map((r) => r.zone))).toEqual(new Set(['UTC', 'America/New_York']));
  });

  it.each(runs)(
    '$spec in $zone from $start_epoch ($note)',
    ({ spec, zone, start_epoch, next_epochs }) => {
      expect(chain(spec, zone, start_epoch, next_epochs.length)).toEqual(next_epochs);
    },
  );

  it('a never-firing spec is null even from Go zero time (zero_time)', () => {
    const { spec, next_of_go_zero_time_epoch } = cron.zero_time;
    expect(next_of_go_zero_time_epoch).toBe(GO_ZERO);
    expect(parseCronSpec(spec).next(GO_ZERO, 'UTC')).toBeNull();
  });
});

describe('cron vectors: invalid specs (Go error texts)', () => {
  const rejected = cron.invalid.filter(
    (c): c is { spec: string; error: string } => c.error !== null,
  );
  const accepted = cron.invalid.filter((c) => c.error === null);

  it.each(rejected)('rejects $spec with Go\'s "$error"', ({ spec, error }) => {
    const err = parseError(spec);
    expect(err.message).toContain(`invalid cron spec ${JSON.stringify(spec)}: ${error}`);
    expect(err.message).toContain('seconds minutes hours day-of-month month [day-of-week]');
  });

  it.each(accepted)('accepts $spec as Go does (clamped to 1 s)', ({ spec }) => {
    expect(parseCronSpec(spec).next(1700000000, 'UTC')).toBe(1700000001);
  });

  it('names the field an error is in', () => {
    expect(parseError('61 * * * * *').message).toContain('(seconds field)');
    expect(parseError('0 0 24 * * *').message).toContain('(hours field)');
    expect(parseError('0 0 0 * foo *').message).toContain('(month field)');
    expect(parseError('0 0 0 * * 7').message).toContain('(day-of-week field)');
    expect(parseError('* * *').message).not.toContain('field)');
  });

  it.each([
    ['1-2-3 * * * * *', 'Too many hyphens: 1-2-3'],
    ['0 0 0 0 * *', 'Beginning of range (0) below minimum (1): 0'],
    ['*/-2 * * * * *', 'Negative number (-2) not allowed: -2'],
    [
      '99999999999999999999 * * * * *',
      'Failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
    ['1000000000000 * * * * *', 'End of range (1000000000000) above maximum (59): 1000000000000'],
    ['@every', 'Unrecognized descriptor: @every'],
    [
      '@every 9999999999h',
      'Failed to parse duration @every 9999999999h: time: invalid duration "9999999999h"',
    ],
    ['@every .s', 'Failed to parse duration @every .s: time: invalid duration ".s"'],
    [
      '@every 1é',
      'Failed to parse duration @every 1é: time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"',
    ],
  ])('Go texts derived from the robfig and time sources: %s', (spec, text) => {
    expect(parseError(spec).message).toContain(text);
  });
});

describe('cron: where cron-parser differs and cron.ts translates', () => {
  it('5 fields means seconds first, not standard cron', () => {
    // 2023-11-14T22:13:20Z: Go fires at the next top of the hour, standard cron at midnight.
    expect(parseCronSpec('0 0 * * *').next(1700000000, 'UTC')).toBe(1700002800);
    expect(cronParserNext('0 0 * * *', 'UTC', 1700000000)).toBe(1700006400);
  });

  it('a */n day-of-month ANDs with a restricted weekday', () => {
    // Odd days that are Mondays: 2023-11-27. cron-parser ORs: 2023-11-15, an odd Wednesday.
    expect(parseCronSpec('0 0 0 */2 * 1').next(1700000000, 'UTC')).toBe(1701043200);
    expect(cronParserNext('0 0 0 */2 * 1', 'UTC', 1700000000)).toBe(1700006400);
  });

  it('a day no month has (Feb 30) never fires: null, where cron-parser rejects the expression', () => {
    expect(parseCronSpec('0 0 0 30 2 *').next(1700000000, 'UTC')).toBeNull();
    expect(() => cronParserNext('0 0 0 30 2 *', 'UTC', 1700000000)).toThrow(
      'Invalid explicit day of month',
    );
  });

  it('no match within 5 years is null (Go zero time) even when a later one exists', () => {
    // Feb 29 on a Sunday: 2032-02-29 is 8 years after 2023, but only 2 after 2030.
    const feb29Sunday = parseCronSpec('0 0 0 29 2 */7');
    expect(feb29Sunday.next(1700000000, 'UTC')).toBeNull();
    expect(feb29Sunday.next(1893456000, 'UTC')).toBe(1961625600);
  });

  it('a wall time skipped by spring-forward does not fire (cron-parser moves it to 03:30)', () => {
    // 2024-03-10 01:59:30 EST: 02:30 does not exist in New York that day; Go waits for the 11th.
    expect(parseCronSpec('0 30 2 * * *').next(1710053970, 'America/New_York')).toBe(1710138600);
    expect(cronParserNext('0 30 2 * * *', 'America/New_York', 1710053970)).toBe(1710055800);
  });

  it('a wall time repeated by fall-back fires in both passes (cron-parser fires it once)', () => {
    // 2024-11-03 01:30 EDT, then 01:30 EST an hour later, then the next day.
    const schedule = parseCronSpec('0 30 1 * * *');
    expect(schedule.next(1730611799, 'America/New_York')).toBe(1730611800);
    expect(schedule.next(1730611800, 'America/New_York')).toBe(1730615400);
    expect(schedule.next(1730615400, 'America/New_York')).toBe(1730701800);
    expect(cronParserNext('0 30 1 * * *', 'America/New_York', 1730611800)).toBe(1730701800);
  });

  it('weekday 7, L, #, H and @YEARLY are rejected as Go rejects them (cron-parser accepts them)', () => {
    for (const spec of [
      '0 0 0 * * 7',
      '0 0 0 L * *',
      '0 0 0 * * 1#2',
      'H 0 0 * * *',
      '0 0 0 * * 1L',
    ]) {
      expect(() => CronExpressionParser.parse(spec, { tz: 'UTC' })).not.toThrow();
      expect(() => parseCronSpec(spec)).toThrow(WorkConfigError);
    }
    expect(() => parseCronSpec('@YEARLY')).toThrow('Unrecognized descriptor: @YEARLY');
  });

  it('empty comma items are dropped, and a field left with no values never fires (cron-parser rejects both)', () => {
    expect(parseCronSpec('0,,5 * * * * *').next(1700000040, 'UTC')).toBe(1700000045);
    expect(parseCronSpec('0 0 0 , * *').next(1700000000, 'UTC')).toBeNull();
    expect(() => CronExpressionParser.parse('0,,5 * * * * *', { tz: 'UTC' })).toThrow();
  });

  it('"*-5" reads as "*", as robfig only looks before the hyphen', () => {
    expect(parseCronSpec('*-5 0 0 * * *').next(1700000000, 'UTC')).toBe(1700006400);
  });

  it('@every is a constant delay from the given time, truncated to whole seconds (cron-parser has no @every)', () => {
    const every = parseCronSpec('@every 2m30.9s');
    expect(every.kind).toBe('every');
    expect(every.next(1700000001, 'America/New_York')).toBe(1700000151);
    expect(parseCronSpec('@every 1.5h').next(0, 'UTC')).toBe(5400);
    expect(parseCronSpec('0 0 * * * *').kind).toBe('fields');
  });
});

describe('cron: time zones', () => {
  it('localTimeZone is the process zone, as Go evaluates in time.Local', () => {
    expect(localTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('an unknown zone is a WorkConfigError naming it', () => {
    expect(() => checkTimeZone('Mars/Olympus_Mons')).toThrow(WorkConfigError);
    expect(() => parseCronSpec('0 0 0 * * *').next(0, 'Mars/Olympus_Mons')).toThrow(
      'unknown time zone "Mars/Olympus_Mons"',
    );
    expect(checkTimeZone('Europe/Paris')).toBe('Europe/Paris');
  });

  it('the same spec fires at different instants in different zones (why pools must share a zone)', () => {
    const midnight = parseCronSpec('0 0 0 * * *');
    expect(midnight.next(1700000000, 'UTC')).toBe(1700006400);
    expect(midnight.next(1700000000, 'America/New_York')).toBe(1700024400);
    expect(midnight.next(1700000000, 'Asia/Kolkata')).toBe(1700073000);
  });
});
