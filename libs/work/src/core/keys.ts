/**
 * Every Redis key the library reads or writes, built in one place (spec §1.1, §2).
 * Names and shapes match gocraft/work v0.5.1 so Go and TypeScript pools can share a namespace.
 */
import { goJson } from './go-json';
import type { Args } from './job';

/** Applies gocraft's namespace prefix rule: `work` -> `work:`, `work:` stays, `` stays ``. */
export function namespacePrefix(namespace: string): string {
  if (namespace === '' || namespace.endsWith(':')) return namespace;
  return `${namespace}:`;
}

/** The key builders for one namespace. */
export class Keys {
  /** The namespace after the prefix rule (`NS` in the spec). */
  readonly prefix: string;

  constructor(namespace: string) {
    this.prefix = namespacePrefix(namespace);
  }

  /** `NSknown_jobs` (set of every job name ever enqueued or registered). */
  get knownJobs(): string {
    return `${this.prefix}known_jobs`;
  }
  /** `NSjobs:` — the prefix every queue key starts with. */
  get jobsPrefix(): string {
    return `${this.prefix}jobs:`;
  }
  /** `NSjobs:<name>` — the queue (a list; LPUSH in, RPOPLPUSH out). */
  queue(jobName: string): string {
    return `${this.prefix}jobs:${jobName}`;
  }
  /** `NSjobs:<name>:<poolId>:inprogress` — exact bytes of the jobs a pool is running. */
  inProgress(jobName: string, poolId: string): string {
    return `${this.prefix}jobs:${jobName}:${poolId}:inprogress`;
  }
  /** `NSjobs:<name>:paused` — any value pauses fetching of that name in every pool. */
  paused(jobName: string): string {
    return `${this.prefix}jobs:${jobName}:paused`;
  }
  /** `NSjobs:<name>:lock` — jobs of that name in flight across all pools. */
  lock(jobName: string): string {
    return `${this.prefix}jobs:${jobName}:lock`;
  }
  /** `NSjobs:<name>:lock_info` — each pool's share of the lock. */
  lockInfo(jobName: string): string {
    return `${this.prefix}jobs:${jobName}:lock_info`;
  }
  /** `NSjobs:<name>:max_concurrency` — 0 or missing means unlimited. */
  maxConcurrency(jobName: string): string {
    return `${this.prefix}jobs:${jobName}:max_concurrency`;
  }
  /**
   * `NSjobs:<name>:priority` — the priority the last started pool of ours registered for the name
   * (ours, written at start like max_concurrency; Go ignores it). For dashboards only.
   */
  priority(jobName: string): string {
    return `${this.prefix}jobs:${jobName}:priority`;
  }
  /** `NSretry` — zset of failed jobs waiting for their retry, scored by retry-at. */
  get retry(): string {
    return `${this.prefix}retry`;
  }
  /** `NSscheduled` — zset of jobs to enqueue later, scored by run-at. */
  get scheduled(): string {
    return `${this.prefix}scheduled`;
  }
  /** `NSdead` — zset of jobs that exhausted their attempts, scored by died-at. */
  get dead(): string {
    return `${this.prefix}dead`;
  }
  /**
   * `NSunique:<name>:<json>\n`, or `NSunique:<name>:` when args are null (spec §3.3).
   * `argsJson` is Go's json.Encoder output without the trailing newline, or null.
   */
  unique(jobName: string, argsJson: string | null): string {
    return argsJson === null
      ? `${this.prefix}unique:${jobName}:`
      : `${this.prefix}unique:${jobName}:${argsJson}\n`;
  }
  /** `NSworker_pools` — set of live pool ids. */
  get workerPools(): string {
    return `${this.prefix}worker_pools`;
  }
  /** `NSworker_pools:<poolId>` — a pool's heartbeat hash. */
  heartbeat(poolId: string): string {
    return `${this.prefix}worker_pools:${poolId}`;
  }
  /**
   * `NSpool_settings` — a hash from each live pool of ours to its JSON settings (the
   * max_concurrency it configured per job name). Ours; Go pools do not write it, which is how a
   * Go pool is told from ours. Fields are removed on stop and by the reaper.
   */
  get poolSettings(): string {
    return `${this.prefix}pool_settings`;
  }
  /** `NSworker:<workerId>` — a busy worker's observation hash. */
  worker(workerId: string): string {
    return `${this.prefix}worker:${workerId}`;
  }
  /** `NSlast_periodic_enqueue` — epoch seconds of the last periodic enqueue. */
  get lastPeriodicEnqueue(): string {
    return `${this.prefix}last_periodic_enqueue`;
  }
  /** `NSstats:total` — processed and failed counts since the namespace began (ours). */
  get statsTotal(): string {
    return `${this.prefix}stats:total`;
  }
  /** `NSstats:s:<epoch>` — outcomes counted in that second (ours; expires after an hour). */
  statsSecond(epoch: number): string {
    return `${this.prefix}stats:s:${epoch}`;
  }
  /** `NSstats:m:<epoch>` — outcomes counted in the minute starting then (ours; expires after 2 days). */
  statsMinute(epoch: number): string {
    return `${this.prefix}stats:m:${epoch}`;
  }
  /**
   * `NSmetrics:job:<minute epoch>:<name>` — one job name's runs in that minute (ours; expires
   * after a day): see job-metrics.ts.
   */
  jobMetrics(minute: number, jobName: string): string {
    return `${this.prefix}metrics:job:${minute}:${jobName}`;
  }
  /**
   * `NSmetrics:reporter` — the id of the process whose cluster-wide Prometheus collector reports
   * (ours; a short lease, so N scraped replicas publish one copy of the cluster series).
   */
  get metricsReporter(): string {
    return `${this.prefix}metrics:reporter`;
  }
  /**
   * `NSwake` — a pub/sub channel (not a key; ours, ignored by Go) on which our enqueuer announces
   * job names it just pushed, so idle pools fetch at once instead of waiting for their next poll.
   */
  get wakeChannel(): string {
    return `${this.prefix}wake`;
  }
}

/**
 * The unique key of a job (spec §3.3): Go's json.Encoder bytes of the args with the trailing
 * newline. Throws a GoJsonError for args Go could not encode.
 */
export function uniqueKeyFor(keys: Keys, jobName: string, args: Args | null): string {
  return keys.unique(jobName, args === null ? null : goJson(args));
}
