/**
 * The job model and its wire format (spec §3). Field order and omit rules follow gocraft's Job
 * struct so that `serializeJob` writes the same bytes as Go's json.Marshal.
 */
import { WorkError } from './errors';
import { goJson, goQuote } from './go-json';
import { JobArgs } from './job-args';

/** Arguments of a job: a JSON object, or null (Go's nil map). */
export type Args = Record<string, unknown>;

/** Longest stack trace kept on a failed job, so one deep recursion cannot bloat the dead set. */
export const MAX_STACK_CHARS = 4096;

/** Receives check-ins of a running job (the worker's observer). */
export interface CheckinSink {
  checkin(job: Job, message: string): void;
}

/** The fields of a job as stored in Redis. */
export interface JobFields {
  /** Job name, which is also its queue's name. */
  name: string;
  /** 24-hex id, or `periodic:<name>:<spec>:<epoch>` for periodic jobs. */
  id: string;
  /** Epoch seconds of the enqueue (or of the last requeue from a zset). */
  enqueuedAt: number;
  /** Arguments (an object) or null. */
  args: Args | null;
  /** Set by the unique enqueue calls. */
  unique?: boolean;
  /** The exact unique key this job holds (by-key uniqueness; gocraft HEAD's field). */
  uniqueKey?: string;
  /** How many times the job failed so far. */
  fails?: number;
  /** Message of the last failure. */
  lastErr?: string;
  /** Epoch seconds of the last failure. */
  failedAt?: number;
  /** Stack of the last failure, bounded (ours; Go peers ignore it). */
  errStack?: string;
  /**
   * The enqueuer's trace context (W3C `traceparent`/`tracestate`, whatever the propagator
   * writes), so the run continues the enqueue's trace (ours; Go peers ignore it and drop it when
   * they rewrite the job for a retry).
   */
  traceContext?: Record<string, string>;
}

/** A job: what a handler receives, with gocraft's argument accessors and check-in. */
export class Job implements JobFields {
  name: string;
  id: string;
  enqueuedAt: number;
  args: Args | null;
  unique: boolean;
  uniqueKey: string;
  fails: number;
  lastErr: string;
  failedAt: number;
  errStack: string;
  traceContext?: Record<string, string>;
  /** The exact bytes this job was fetched as (used for LREM); absent for jobs not yet stored. */
  raw?: Buffer;
  /** @internal the observer that records check-ins while the job runs. */
  checkinSink?: CheckinSink;
  private readonly accessors = new JobArgs(() => this.args);

  constructor(fields: JobFields) {
    this.name = fields.name;
    this.id = fields.id;
    this.enqueuedAt = fields.enqueuedAt;
    this.args = fields.args;
    this.unique = fields.unique ?? false;
    this.uniqueKey = fields.uniqueKey ?? '';
    this.fails = fields.fails ?? 0;
    this.lastErr = fields.lastErr ?? '';
    this.failedAt = fields.failedAt ?? 0;
    this.errStack = fields.errStack ?? '';
    if (fields.traceContext) this.traceContext = fields.traceContext;
  }

  /** The string arg `key`, or '' with a sticky error (see {@link Job.argError}). */
  argString(key: string): string {
    return this.accessors.string(key);
  }
  /** The integral arg `key` (|v| <= 9007199254740892), or 0 with a sticky error. */
  argInt64(key: string): number {
    return this.accessors.int64(key);
  }
  /** The numeric arg `key`, or 0 with a sticky error. */
  argFloat64(key: string): number {
    return this.accessors.float64(key);
  }
  /** The boolean arg `key`, or false with a sticky error. */
  argBool(key: string): boolean {
    return this.accessors.bool(key);
  }
  /** The last accessor error, or null; it is not cleared by later successful calls. */
  argError(): Error | null {
    return this.accessors.error();
  }
  /** Records a progress message shown by the dashboards; a no-op outside a worker. */
  checkin(message: string): void {
    this.checkinSink?.checkin(this, message);
  }
}

/**
 * Serialises a job exactly as Go's json.Marshal(*Job) does: name (omitempty), id, t, args,
 * unique, unique_key, fails, err, failed_at (omitempty), then our own err_stack and trace_context.
 * Throws GoJsonError for args Go could not encode either (NaN, ±Infinity).
 */
export function serializeJob(job: JobFields): string {
  let out = '{';
  if (job.name !== '') out += `"name":${goQuote(job.name)},`;
  out += `"id":${goQuote(job.id)},"t":${job.enqueuedAt},"args":${job.args === null ? 'null' : goJson(job.args)}`;
  if (job.unique) out += ',"unique":true';
  if (job.uniqueKey) out += `,"unique_key":${goQuote(job.uniqueKey)}`;
  if (job.fails) out += `,"fails":${job.fails}`;
  if (job.lastErr) out += `,"err":${goQuote(job.lastErr)}`;
  if (job.failedAt) out += `,"failed_at":${job.failedAt}`;
  if (job.errStack) out += `,"err_stack":${goQuote(job.errStack)}`;
  if (job.traceContext) out += `,"trace_context":${traceContextJson(job.traceContext)}`;
  return out + '}';
}

function traceContextJson(carrier: Record<string, string>): string {
  const members = Object.keys(carrier).map((k) => `${goQuote(k)}:${goQuote(carrier[k])}`);
  return `{${members.join(',')}}`;
}

/**
 * The `trace_context` member if it is an object of strings. Anything else is ignored, as a Go
 * worker ignores the member altogether: tracing never makes a job unrunnable.
 */
function traceContextField(obj: Record<string, unknown>): Record<string, string> | undefined {
  const v = obj.trace_context;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const entries = Object.entries(v);
  if (entries.length === 0 || entries.some(([, s]) => typeof s !== 'string')) return undefined;
  return v as Record<string, string>;
}

/** Why a payload could not be turned into a job. */
export class MalformedJobError extends WorkError {
  override readonly name = 'MalformedJobError';
}

function integerField(obj: Record<string, unknown>, key: string, notIntegers: Set<string>): number {
  const v = obj[key];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || notIntegers.has(key)) {
    throw new MalformedJobError(`field "${key}" must be an integer, got ${JSON.stringify(v)}`);
  }
  return v === 0 ? 0 : v; // an int64 has no -0
}

/**
 * Go refuses `1.5e9` or `3.0` for an int64 field even though the value is integral; JSON.parse
 * cannot tell, so this reads the top-level members' own number tokens (a `"t"` inside args is not
 * the job's t) and returns the keys written in non-integer form. Most payloads hold no such
 * number anywhere, and are not scanned.
 */
function nonIntegerMembers(text: string): Set<string> {
  const found = new Set<string>();
  // Only a number in value position can be one; a digit then `e` inside a hex id cannot.
  if (!/[:,[]\s*-?\d+[.eE]/.test(text)) return found;
  let i = skipSpace(text, text.indexOf('{') + 1);
  while (text[i] === '"') {
    const keyEnd = stringEnd(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1);
    const end = valueEnd(text, i);
    // Like Go, any occurrence of the key written as a non-integer fails, even if repeated later.
    if (/^-?\d+[.eE]/.test(text.slice(i, end))) found.add(key);
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return found;
}

function skipSpace(text: string, i: number): number {
  while (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t') i++;
  return i;
}

/** Index just past the JSON string starting at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** Index just past the JSON value starting at `i` (the text is known to be valid JSON). */
function valueEnd(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return stringEnd(text, i);
  if (c !== '{' && c !== '[') {
    let j = i;
    while (j < text.length && !',}] \n\r\t'.includes(text[j])) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '"') j = stringEnd(text, j) - 1;
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) return j + 1;
  }
  return text.length;
}

function stringField(obj: Record<string, unknown>, key: string): string {
  const v = obj[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string')
    throw new MalformedJobError(`field "${key}" must be a string, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Decodes stored bytes into a job, as strictly as a Go worker would (spec §1.5): the payload must
 * be a JSON object, `t`/`fails`/`failed_at` integers, `args` an object or null.
 */
export function parseJob(raw: Buffer | string): Job {
  let parsed: unknown;
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new MalformedJobError(`payload is not JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MalformedJobError('payload is not a JSON object');
  }
  const obj = parsed as Record<string, unknown>;
  const args = obj.args;
  if (args !== undefined && args !== null && (typeof args !== 'object' || Array.isArray(args))) {
    throw new MalformedJobError(
      `field "args" must be an object or null, got ${JSON.stringify(args)}`,
    );
  }
  const unique = obj.unique;
  if (unique !== undefined && unique !== null && typeof unique !== 'boolean') {
    throw new MalformedJobError(`field "unique" must be a boolean, got ${JSON.stringify(unique)}`);
  }
  const notIntegers = nonIntegerMembers(text);
  const job = new Job({
    name: stringField(obj, 'name'),
    id: stringField(obj, 'id'),
    enqueuedAt: integerField(obj, 't', notIntegers),
    args: (args ?? null) as Args | null,
    unique: unique === true,
    uniqueKey: stringField(obj, 'unique_key'),
    fails: integerField(obj, 'fails', notIntegers),
    lastErr: stringField(obj, 'err'),
    failedAt: integerField(obj, 'failed_at', notIntegers),
    errStack: stringField(obj, 'err_stack'),
    traceContext: traceContextField(obj),
  });
  if (typeof raw !== 'string') job.raw = raw;
  return job;
}
