/**
 * What the {@link Client} returns. Field names are gocraft's JSON tags (spec §8 "Return shapes"),
 * so `JSON.stringify` of a result reads like gocraft's web API; fields we add come after Go's.
 */
import type { Clock } from './clock';
import type { Args } from './job';
import type { WorkLogger } from './logger';
import type { RedisSource } from './redis-connection';

/** Jobs per page of the zset listings when neither the client nor the call says (gocraft: 20). */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page a listing returns; larger requests are cut to this so one call stays cheap. */
export const MAX_PAGE_SIZE = 1000;
/** {@link Client.trimDeadJobs} keeps at most this many dead jobs by default (Sidekiq's figure). */
export const DEFAULT_DEAD_MAX_JOBS = 10_000;
/** {@link Client.trimDeadJobs} removes dead jobs older than this by default: 180 days. */
export const DEFAULT_DEAD_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

/** Options of a {@link Client}. */
export interface ClientOptions {
  /** gocraft namespace, e.g. `work`. */
  namespace: string;
  /** Redis URL, ioredis options, or a client you own (never closed by the client). */
  redis: RedisSource;
  /** Source of "now" (latency, retries, trimming); defaults to the system clock. */
  clock?: Clock;
  /** Receives a line when trimDeadJobs removes jobs; defaults to the console. */
  logger?: WorkLogger;
  /** Jobs per page of the zset listings, 1..1000. Default 20 (gocraft's fixed page size). */
  pageSize?: number;
}

/** A worker pool's heartbeat (Go's WorkerPoolHeartbeat). Missing fields read as zero values. */
export interface WorkerPoolHeartbeat {
  /** The pool's id (a member of `NSworker_pools`). */
  worker_pool_id: string;
  /** Epoch seconds at which the pool's heartbeater started. */
  started_at: number;
  /** Epoch seconds of the last beat (every 5 s while the pool runs). */
  heartbeat_at: number;
  /** Registered job names, byte-sorted; [] when unknown (Go gives [""] for an empty field). */
  job_names: string[];
  /** Number of workers. */
  concurrency: number;
  /** Host name of the pool's process. */
  host: string;
  /** Process id. */
  pid: number;
  /** Worker ids, byte-sorted; [] when unknown (Go gives [""] for an empty field). */
  worker_ids: string[];
}

/** What one worker is doing (Go's WorkerObservation); all fields are always present. */
export interface WorkerObservation {
  /** The worker's id. */
  worker_id: string;
  /** Whether its observation hash has any field, i.e. it is running a job. */
  is_busy: boolean;
  /** Name of the running job, or ''. */
  job_name: string;
  /** Id of the running job, or ''. */
  job_id: string;
  /** Epoch seconds at which the job started, or 0. */
  started_at: number;
  /** The job's args as compact JSON, exactly as stored ('' for null or empty args). */
  args_json: string;
  /** The job's last check-in message, or ''. */
  checkin: string;
  /** Epoch seconds of that check-in, or 0. */
  checkin_at: number;
}

/** A queue (Go's Queue) plus its pause and concurrency state (ours, after Go's fields). */
export interface Queue {
  /** The job name. */
  job_name: string;
  /** Jobs waiting in `NSjobs:<name>`. */
  count: number;
  /** Seconds since the oldest waiting job's `t`; 0 when empty or when that job is unreadable. */
  latency: number;
  /** Whether `NSjobs:<name>:paused` exists (any value pauses fetching in every pool). */
  paused: boolean;
  /**
   * The effective limit, `NSjobs:<name>:max_concurrency` (0: unlimited), which every pool's fetch
   * obeys. Each pool, Go's included, overwrites it at start: the last one to start wins.
   */
  max_concurrency: number;
  /** `NSjobs:<name>:lock`: jobs of this name in flight across all pools. */
  lock: number;
  /** The priority our pools registered for the name (`NSjobs:<name>:priority`); null if none did. */
  priority: number | null;
  /**
   * The distinct limits the live pools of ours serving this name configured, ascending (from
   * `NSpool_settings`); `[]` when none of ours serves it. Go pools do not say what they
   * configured. A value here that differs from `max_concurrency` means a later pool overwrote it.
   */
  configured_max_concurrency: number[];
}

/**
 * A job as listed from a zset, in Go's field order. A member that is not a valid job is still
 * listed: with what could be read (else '', 0, null) plus `raw` and `parse_error`.
 */
export interface JobEntry {
  /** Job name ('' when unreadable). */
  name: string;
  /** Job id ('' when unreadable; delete such a member with the id ''). */
  id: string;
  /** Epoch seconds of the enqueue, or of the last requeue. */
  t: number;
  /** Arguments. */
  args: Args | null;
  /** Present (true) only for unique jobs. */
  unique?: boolean;
  /** Present only for by-key unique jobs: the exact key they hold. */
  unique_key?: string;
  /** Failures so far. */
  fails: number;
  /** Message of the last failure, or ''. */
  err: string;
  /** Epoch seconds of the last failure, or 0. */
  failed_at: number;
  /** Stack of the last failure (ours), present when recorded. */
  err_stack?: string;
  /** The stored text, present only when the member is not a valid job. */
  raw?: string;
  /** Why the member is not a valid job, present only with `raw`. */
  parse_error?: string;
}

/** A job waiting in `NSretry` (Go's RetryJob). */
export type RetryJob = { retry_at: number } & JobEntry;
/** A job waiting in `NSscheduled` (Go's client ScheduledJob; named apart from the enqueuer's). */
export type ScheduledJobEntry = { run_at: number } & JobEntry;
/** A job in `NSdead` (Go's DeadJob). */
export type DeadJob = { died_at: number } & JobEntry;

/** One page of a zset listing. */
export interface JobPage<T> {
  /** Members in the whole zset (not pages). */
  count: number;
  /** This page's jobs, ascending by score (soonest or oldest first). */
  jobs: T[];
}

/** The zsets that hold jobs outside their queues. */
export type JobSet = 'retry' | 'scheduled' | 'dead';

/** Where {@link Client.findJob} found a job. */
export interface FoundJob {
  /** The zset it is in. */
  set: JobSet;
  /** Its score there: retry-at, run-at or died-at. */
  score: number;
  /** The job. */
  job: JobEntry;
}

/** What a dead-job retry did. */
export interface RetryDeadResult {
  /** Jobs pushed back to their queues. */
  requeued: number;
  /** Jobs of names missing from known_jobs, kept in dead (at now+5) with an "unknown job" err. */
  unknown: number;
  /** Jobs left in dead untouched because Redis' cjson cannot re-encode them (e.g. 1e400). */
  unencodable: number;
}

/** Limits of {@link Client.trimDeadJobs}; `Infinity` disables a limit. */
export interface TrimDeadJobsOptions {
  /** Newest dead jobs to keep. Default {@link DEFAULT_DEAD_MAX_JOBS}. */
  maxJobs?: number;
  /** Dead jobs whose died-at is at or before now minus this are removed. Default 180 days. */
  maxAgeSeconds?: number;
}

/** What {@link Client.trimDeadJobs} removed. */
export interface TrimDeadJobsResult {
  /** Removed for being too old. */
  removedByAge: number;
  /** Removed beyond `maxJobs` (the oldest first). */
  removedByCount: number;
}

/** Listing order of a zset: `asc` lowest score first (soonest/oldest), `desc` newest first. */
export type ListOrder = 'asc' | 'desc';

/** One step of {@link Client.searchJobs}. */
export interface SearchJobsOptions {
  /** Only jobs of this name. */
  name?: string;
  /** Only jobs whose stored JSON contains this text (ASCII case-insensitive). */
  q?: string;
  /** Where to continue: the `cursor` of the previous step; 0 (default) starts at the first member. */
  cursor?: number;
  /** `desc` (default) starts from the highest score (newest death, latest retry/run time). */
  order?: ListOrder;
  /** Most matches to return, 0..1000 (default 20); 0 only counts. */
  limit?: number;
  /** Most members read in this step, 1..100000 (default 10000): bounds one call's time. */
  budget?: number;
}

/** What one {@link Client.searchJobs} step found. */
export interface SearchJobsPage {
  /** The matches, in the chosen order, each with its zset score (retry-at, run-at or died-at). */
  jobs: Array<{ score: number } & JobEntry>;
  /** Matches among the members this step read (more than `jobs.length` when only counting). */
  matched: number;
  /** Members this step read. */
  scanned: number;
  /** Where the next step starts; null when the set is exhausted. */
  cursor: number | null;
  /** Members in the whole set at the time of the step. */
  total: number;
}

/** Where a job was last seen, to look it up in O(log n) instead of scanning. */
export interface JobLocation {
  /** The set it was listed in. */
  set: JobSet;
  /** Its score there. */
  score: number;
}
