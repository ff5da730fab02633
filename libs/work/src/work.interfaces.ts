/** Options of WorkModule.forRoot / forRootAsync. */
import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';
import type { RedisSource } from './core/redis-connection';
import type { KeyspaceWakeMode, PoolTimings, PromRegistry, StrictArgsMode } from './core';

/** A module instance's Redis connection and whether the module owns it (closes it at shutdown). */
export interface WorkRedis {
  client: Redis;
  owned: boolean;
}

/** Runtime options (may come from an async factory). */
export interface WorkModuleOptions extends PoolTimings {
  /**
   * Redis to use: a `redis://` URL, ioredis options or `{ cluster: nodes }` (the module opens and
   * closes the connection), or an existing ioredis client or Cluster (shared: never closed by the
   * module). On a Cluster the namespace must hold a hash tag, e.g. `{work}`.
   * @default 'redis://127.0.0.1:6379'
   */
  redis?: RedisSource;
  /** gocraft namespace shared with Go services, e.g. `work` (keys `work:…`). */
  namespace: string;
  /**
   * Spread the namespace over this many shards, `{<namespace>-0}` … `{<namespace>-<n-1>}`, each
   * its own hash-tagged gocraft namespace (see docs/scaling.md). The injected Enqueuer, WorkerPool
   * and Client are then the sharded classes (type them `EnqueuerApi`, `WorkerPoolApi`,
   * `ClientApi`), and the admin API and dashboard show every shard. `namespace` is then the
   * logical name, without braces. Every producer and pool of the namespace must use the same
   * number. @default unset: one plain namespace
   */
  shards?: number;
  /** Jobs this process runs at once. @default 10 */
  concurrency?: number;
  /**
   * Whether this process runs a worker pool. Set false for an API-only service that only
   * enqueues, or a dashboard that only reads. @default true
   */
  runPool?: boolean;
  /** How long shutdown waits for running jobs before handing them back to their queues. @default 25000 */
  shutdownTimeoutMs?: number;
  /** Milliseconds between fetches while queues look empty. @default 200 */
  pollIntervalMs?: number;
  /**
   * Wake on jobs pushed by Go producers through Redis keyspace notifications: `'auto'` when the
   * server emits them, `'enable'` to turn them on (CONFIG SET), `'off'` to poll. @default 'auto'
   */
  keyspaceWake?: KeyspaceWakeMode;
  /** Time zone of @Periodic schedules; Go and Nest pools must agree to dedupe. @default the process's zone */
  timeZone?: string;
  /**
   * What the Enqueuer does with args Redis' cjson would rewrite when the job is scheduled or
   * retried (`[]` becomes `{}`, numbers keep 14 digits): accept (`'off'`), log (`'warn'`) or
   * throw `CjsonRewriteError` (`'refuse'`). See docs/interop.md. @default 'off'
   */
  strictArgs?: StrictArgsMode;
  /**
   * Where the module logs (each line with its class as context); false for silence.
   * @default a Nest Logger per class: 'WorkerPool', 'Enqueuer', 'Client', ...
   */
  logger?: LoggerService | false;
  /**
   * Log every job failure once (name, id, attempt, message, and retry time, dead or discarded)
   * and, at debug level, each job's start and finish. Set false to keep only pool-level lines.
   * @default true
   */
  logJobs?: boolean;
  /**
   * OpenTelemetry: a producer span around each enqueue (its context travels in the job) and a
   * consumer span around each run, when `@opentelemetry/api` is installed and the app registers
   * an SDK. @default true
   */
  tracing?: boolean;
  /**
   * Keep per-job-name, per-minute run counts and run-time histograms in Redis for the dashboard's
   * Metrics page (a day of history). @default true
   */
  jobMetrics?: boolean;
  /**
   * Decides whether an admin/dashboard request may proceed (in addition to any app guard).
   * @default every request is allowed (the admin API is off unless `admin` is set)
   */
  authorize?: (request: unknown) => boolean | Promise<boolean>;
  /**
   * Host names (without port) the admin API and dashboard answer to; any other Host gets 403.
   * This stops DNS rebinding, where a web page reaches a server on the operator's machine under
   * the attacker's own name. List every name the server is reached by, e.g.
   * `['localhost', '127.0.0.1', '::1', 'ops.example.com']`.
   * @default any host (the standalone dashboard defaults to the loopback names)
   */
  allowedHosts?: string[];
}

/** Synchronous options that shape the module graph. */
export interface WorkModuleExtras {
  /**
   * The name of this instance, for an app with several (two namespaces, two Redis servers). A
   * named instance provides its services under tokens of its name (`@InjectEnqueuer('billing')`,
   * `getEnqueuerToken('billing')`), runs the handlers of classes marked `@WorkInstance('billing')`
   * only, and mounts its admin API at its own `admin.path` (docs/nest.md, "Several instances").
   * @default the default instance: services injected by class, handlers of unmarked classes
   */
  name?: string;
  /** Register the module globally. @default true */
  isGlobal?: boolean;
  /**
   * Mount the admin JSON API (gocraft's workwebui routes) at `path`, e.g. `{ path: 'admin/work' }`.
   * With `dashboard: true` the web UI is served too, at `<path>/ui/`, behind the same guard
   * (docs/dashboard.md). `dashboard` defaults to false. With `readOnly: true` every mutating
   * route answers 403 and the dashboard hides its actions (default false).
   * @default false
   */
  admin?: false | { path: string; dashboard?: boolean; readOnly?: boolean };
  /**
   * Prometheus metrics (docs/observability.md): `{ path: 'metrics' }` mounts `GET /metrics`;
   * `{ registry }` adds the series to an existing prom-client setup. Injectable as `WorkMetrics`.
   * @default false
   */
  metrics?: false | WorkMetricsExtras;
}

/** The `metrics` extra: Prometheus series through prom-client (an optional peer dependency). */
export interface WorkMetricsExtras {
  /** Mount `GET /<path>` (e.g. `'metrics'`) answering with the registry's text. @default no route */
  path?: string;
  /** Register on this prom-client Registry (the app's own). @default a new Registry */
  registry?: PromRegistry;
  /** Prefix of every series name. @default 'work_' */
  prefix?: string;
  /** Buckets of the run-time histogram, in seconds. @default 1 ms to 5 min */
  durationBuckets?: number[];
  /**
   * Publish the cluster-wide series (queues, retry/scheduled/dead, locks, pauses). Every replica
   * may expose them: a lease in Redis makes one replica report. @default true
   */
  cluster?: boolean;
  /** How long one read of Redis serves scrapes, in ms. @default 5000 */
  cacheMs?: number;
  /** Lease of the reporting replica in ms (keep above the scrape interval); false: always report. @default 60000 */
  leaseMs?: number | false;
}
