/**
 * Every periodic schedule the running pools advertise in their heartbeats (our pools write a
 * `periodic` field; Go pools do not), with the next fire times and the pools that register it:
 * what the dashboard's Periodic page shows.
 */
import type Redis from 'ioredis';
import { parseCronSpec } from './cron';
import type { Keys } from './keys';

/** One schedule, merged across the pools that register it. */
export interface PeriodicSchedule {
  /** The job it enqueues. */
  job_name: string;
  /** The spec as registered (robfig/cron v1 syntax, seconds first). */
  spec: string;
  /** The spec in words. */
  description: string;
  /** IANA zone the pools read the spec in. */
  time_zone: string;
  /** The next three fire times, epoch seconds ([] when the spec never fires). */
  next: number[];
  /** The pools that register it. */
  pools: Array<{ worker_pool_id: string; host: string; pid: number }>;
}

const MONTHS = [
  '',
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': 'once a year, at midnight on January 1',
  '@annually': 'once a year, at midnight on January 1',
  '@monthly': 'once a month, at midnight on the 1st',
  '@weekly': 'once a week, at midnight on Sunday',
  '@daily': 'once a day, at midnight',
  '@midnight': 'once a day, at midnight',
  '@hourly': 'once an hour, on the hour',
};

/** "0 30 9 * * 1-5" -> "at second 0, minute 30, hour 9, on Mon-Fri". */
export function describeSpec(spec: string): string {
  const trimmed = spec.trim();
  if (DESCRIPTORS[trimmed]) return DESCRIPTORS[trimmed];
  if (trimmed.startsWith('@every ')) return `every ${trimmed.slice(7)}`;
  const fields = trimmed.split(/\s+/);
  if (fields.length < 5) return trimmed;
  const [second, minute, hour, dom, month, dow = '*'] = fields;
  const part = (value: string, unit: string) =>
    value === '*' || value === '?'
      ? null
      : value.startsWith('*/')
        ? `every ${value.slice(2)} ${unit}s`
        : `${unit} ${value}`;
  const named = (value: string, names: string[]) =>
    value.replace(/\d+/g, (n) => names[Number(n)] ?? n);
  const when = [part(second, 'second'), part(minute, 'minute'), part(hour, 'hour')].filter(Boolean);
  const days = [
    dom === '*' || dom === '?' ? null : `on day ${dom} of the month`,
    month === '*' ? null : `in ${named(month, MONTHS)}`,
    dow === '*' || dow === '?' ? null : `on ${named(dow, DAYS)}`,
  ].filter(Boolean);
  return [when.length ? `at ${when.join(', ')}` : 'every second', ...days].join(', ');
}

/** The next `count` fire times after `now`, or fewer when the spec stops firing. */
function nextTimes(spec: string, timeZone: string, now: number, count: number): number[] {
  let schedule;
  try {
    schedule = parseCronSpec(spec);
  } catch {
    return [];
  }
  const out: number[] = [];
  let t: number | null = now;
  while (out.length < count && t !== null) {
    t = schedule.next(t, timeZone);
    if (t !== null) out.push(t);
  }
  return out;
}

/** Reads every pool's advertised schedules and merges them by job name, spec and zone. */
export async function readPeriodicSchedules(
  redis: Redis,
  keys: Keys,
  now: number,
): Promise<PeriodicSchedule[]> {
  const pools = (await redis.smembers(keys.workerPools)).sort();
  const merged = new Map<string, PeriodicSchedule>();
  for (const id of pools) {
    const [periodic, zone, host, pid] = await redis.hmget(
      keys.heartbeat(id),
      'periodic',
      'time_zone',
      'host',
      'pid',
    );
    if (!periodic) continue;
    let entries: Array<{ job_name: string; spec: string }>;
    try {
      entries = JSON.parse(periodic);
    } catch {
      continue;
    }
    for (const { job_name, spec } of Array.isArray(entries) ? entries : []) {
      const timeZone = zone || 'UTC';
      const key = JSON.stringify([job_name, spec, timeZone]);
      let entry = merged.get(key);
      if (!entry) {
        entry = {
          job_name,
          spec,
          description: describeSpec(spec),
          time_zone: timeZone,
          next: nextTimes(spec, timeZone, now, 3),
          pools: [],
        };
        merged.set(key, entry);
      }
      entry.pools.push({ worker_pool_id: id, host: host ?? '', pid: Number(pid) || 0 });
    }
  }
  return [...merged.values()].sort(
    (a, b) => a.job_name.localeCompare(b.job_name) || a.spec.localeCompare(b.spec),
  );
}
