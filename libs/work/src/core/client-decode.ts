/**
 * Turns what the Client reads from Redis into its result objects without ever throwing: one bad
 * member or field must not hide every other job from an operator (spec §15 B7).
 */
import type { JobEntry, WorkerObservation, WorkerPoolHeartbeat } from './client-types';
import { compareUtf8, MAX_JSON_DEPTH } from './go-json';
import { Args, Job, parseJob } from './job';
import { type Keys, uniqueKeyFor } from './keys';

/** A zset member as a listed job; never throws (see {@link JobEntry} for unreadable members). */
export function decodeEntry(raw: string): JobEntry {
  // Too deep for JSON.stringify to answer it over HTTP (a Go producer's payload): shown as raw.
  if (raw.length > MAX_JSON_DEPTH * 2 && nestingDepth(raw) > MAX_JSON_DEPTH) {
    const entry = lenientEntry(raw, `args nest deeper than ${MAX_JSON_DEPTH} levels`);
    entry.args = null;
    return entry;
  }
  try {
    return entryOf(parseJob(raw));
  } catch (err) {
    return lenientEntry(raw, (err as Error).message);
  }
}

/** The deepest nesting of arrays and objects in JSON text (strings skipped); no recursion. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++)
        if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The fields of a valid job, in Go's order; optional fields only when set. */
function entryOf(job: Job): JobEntry {
  const entry: JobEntry = {
    name: job.name,
    id: job.id,
    t: job.enqueuedAt,
    args: job.args,
  } as JobEntry;
  if (job.unique) entry.unique = true;
  if (job.uniqueKey) entry.unique_key = job.uniqueKey;
  entry.fails = job.fails;
  entry.err = job.lastErr;
  entry.failed_at = job.failedAt;
  if (job.errStack) entry.err_stack = job.errStack;
  return entry;
}

/**
 * What can be shown of a member a Go worker would refuse: fields of the right type are kept
 * (so a member with a float `t` still shows its name and id), the rest are zero values.
 */
function lenientEntry(raw: string, reason: string): JobEntry {
  let obj: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      obj = parsed as Record<string, unknown>;
  } catch {
    // Not JSON at all: every field stays a zero value.
  }
  const str = (k: string) => (typeof obj[k] === 'string' ? (obj[k] as string) : '');
  const num = (k: string) =>
    typeof obj[k] === 'number' && Number.isFinite(obj[k]) ? (obj[k] as number) : 0;
  const args = obj.args;
  const entry: JobEntry = {
    name: str('name'),
    id: str('id'),
    t: num('t'),
    args: args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Args) : null,
  } as JobEntry;
  if (obj.unique === true) entry.unique = true;
  if (str('unique_key')) entry.unique_key = str('unique_key');
  entry.fails = num('fails');
  entry.err = str('err');
  entry.failed_at = num('failed_at');
  if (str('err_stack')) entry.err_stack = str('err_stack');
  entry.raw = raw;
  entry.parse_error = reason;
  return entry;
}

/** The `t` of a queued payload, or null when it cannot be read (queue latency is then 0). */
export function enqueuedAtOf(raw: string | null): number | null {
  if (raw === null) return null;
  try {
    const t = (JSON.parse(raw) as { t?: unknown })?.t;
    return typeof t === 'number' && Number.isFinite(t) ? t : null;
  } catch {
    return null;
  }
}

/** A decimal integer field, or 0 when absent or not an integer (Go would fail the whole call). */
export function intField(value: string | null | undefined): number {
  if (value === null || value === undefined || !/^-?\d+$/.test(value)) return 0;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : 0;
}

/**
 * A comma-joined list, byte-sorted. An empty string gives [] where Go's strings.Split gives [""]:
 * a list of one empty name or id is never meaningful and would show a phantom worker.
 */
export function splitSorted(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(',').sort(compareUtf8);
}

/** A heartbeat from its hash (HGETALL); an empty hash gives zero values. */
export function heartbeatOf(poolId: string, hash: Record<string, string>): WorkerPoolHeartbeat {
  return {
    worker_pool_id: poolId,
    started_at: intField(hash.started_at),
    heartbeat_at: intField(hash.heartbeat_at),
    job_names: splitSorted(hash.job_names),
    concurrency: intField(hash.concurrency),
    host: hash.host ?? '',
    pid: intField(hash.pid),
    worker_ids: splitSorted(hash.worker_ids),
  };
}

/** An observation from its hash (HGETALL); an empty hash means the worker is idle. */
export function observationOf(workerId: string, hash: Record<string, string>): WorkerObservation {
  return {
    worker_id: workerId,
    is_busy: Object.keys(hash).length > 0,
    job_name: hash.job_name ?? '',
    job_id: hash.job_id ?? '',
    started_at: intField(hash.started_at),
    args_json: hash.args ?? '',
    checkin: hash.checkin ?? '',
    checkin_at: intField(hash.checkin_at),
  };
}

/**
 * The unique key a scheduled member holds: its `unique_key` when present, else the key computed
 * from its decoded args with Go's encoding (as a Go worker computes it); null when the member is
 * not a unique job or cannot be read.
 */
export function uniqueKeyOfMember(keys: Keys, raw: string): string | null {
  let job: { name?: unknown; args?: unknown; unique?: unknown; unique_key?: unknown };
  try {
    job = JSON.parse(raw) as typeof job;
  } catch {
    return null;
  }
  if (job === null || typeof job !== 'object' || job.unique !== true) return null;
  if (typeof job.unique_key === 'string' && job.unique_key !== '') return job.unique_key;
  if (typeof job.name !== 'string') return null;
  const args =
    job.args !== null && typeof job.args === 'object' && !Array.isArray(job.args)
      ? (job.args as Args)
      : null;
  return uniqueKeyFor(keys, job.name, args);
}
