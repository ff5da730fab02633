/**
 * The one place the engine's options are checked and completed: every option of a WorkerPool, an
 * Enqueuer and a Client, timings included. A bad value fails at construction with a
 * WorkConfigError that names its owner and the option, what was expected and what was given. The
 * Nest layer passes its engine options through here too, under its own name.
 */
import {
  DEFAULT_DEAD_MAX_AGE_SECONDS,
  DEFAULT_DEAD_MAX_JOBS,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from './client-types';
import type { ClientOptions, TrimDeadJobsOptions } from './client-types';
import { Clock, systemClock } from './clock';
import { checkTimeZone } from './cron';
import type { EnqueuerOptions } from './enqueuer-options';
import { WorkConfigError } from './errors';
import type { KeyspaceWakeMode } from './keyspace-wake';
import type { StrictArgsMode } from './cjson-check';
import { consoleLogger, WorkLogger } from './logger';
import { checkClusterNamespace, isClusterClient, isClusterConfig } from './redis-cluster';
import { isRedisClient, RedisSource } from './redis-connection';
import { checkReplicaWait } from './replica-wait';
import { DEFAULT_POLL_MS, PoolTimings, WorkerPoolOptions } from './worker-pool-options';

/** The defaults of the options that have one (gocraft's timings where gocraft has them). */
export const ENGINE_DEFAULTS = {
  concurrency: 10,
  pollIntervalMs: DEFAULT_POLL_MS,
  heartbeatIntervalMs: 5000,
  /** Go reapers call a pool dead after 10 s without a beat; beats must come at least twice as often. */
  maxHeartbeatIntervalMs: 5000,
  observeIntervalMs: 1000,
  requeueIntervalMs: 1000,
  reapIntervalMs: 15_000,
  deadAfterSeconds: 30,
  orphanGraceMs: 15_000,
  pageSize: DEFAULT_PAGE_SIZE,
} as const;

/** A pool's options with every default applied. */
export type ResolvedPoolOptions<C> = Required<
  Omit<WorkerPoolOptions<C>, 'periodicPeriodMs' | 'deadRetention' | 'timeZone'>
> & {
  /** The zone of periodic specs, or undefined for the process's local zone (found when needed). */
  timeZone: string | undefined;
  /** Fixed time between periodic passes, or undefined for gocraft's jittered period. */
  periodicPeriodMs: number | undefined;
  /**
   * The limits to trim the dead set to; `false` when turned off, `undefined` when not configured
   * (also off, and the pool says so once at start; see dead-retention.ts for why).
   */
  deadRetention: Required<TrimDeadJobsOptions> | false | undefined;
};

/** An enqueuer's options with every default applied. */
export type ResolvedEnqueuerOptions = Required<EnqueuerOptions>;

/** A client's options with every default applied (`pageSize` cut to {@link MAX_PAGE_SIZE}). */
export type ResolvedClientOptions = Required<ClientOptions>;

/** The message of an invalid option: whose, which, what it must be and what it was. */
export function invalidEngineOptionMessage(
  owner: string,
  option: string,
  expected: string,
  got: unknown,
): string {
  return `${owner} option "${option}" must be ${expected}, got ${shown(got)}`;
}

function shown(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number') return String(value);
  if (isRedisClient(value)) return 'an ioredis client';
  if (isClusterClient(value)) return 'an ioredis Cluster';
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

/** One option's rule: what it must be, and the test. */
interface Rule {
  readonly expected: string;
  readonly ok: (value: unknown) => boolean;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const rules = {
  namespace: {
    expected: 'a string such as "work" (gocraft\'s namespace; "" for none)',
    ok: (v) => typeof v === 'string',
  },
  redis: {
    expected:
      'a redis:// URL (or rediss://), ioredis options, an ioredis client or Cluster, or { cluster: [nodes] }',
    ok: (v) =>
      typeof v === 'string'
        ? /^rediss?:\/\//.test(v)
        : isRedisClient(v) ||
          isClusterClient(v) ||
          (typeof v === 'object' && v !== null && !Array.isArray(v)),
  },
  nonNegativeInt: { expected: 'a non-negative integer', ok: (v) => isInt(v) && v >= 0 },
  positiveInt: { expected: 'a positive integer', ok: (v) => isInt(v) && v > 0 },
  ms: { expected: 'a positive integer of milliseconds', ok: (v) => isInt(v) && v > 0 },
  boolean: { expected: 'a boolean', ok: (v) => typeof v === 'boolean' },
  function: { expected: 'a function', ok: (v) => typeof v === 'function' },
  clock: {
    expected: 'a clock: an object with nowSeconds()',
    ok: (v) => typeof (v as Clock | null)?.nowSeconds === 'function',
  },
  logger: {
    expected: 'a logger: an object with log(), warn() and error()',
    ok: (v) => {
      const l = v as WorkLogger | null;
      return (
        typeof l?.log === 'function' &&
        typeof l.warn === 'function' &&
        typeof l.error === 'function'
      );
    },
  },
  timeZone: {
    expected: 'an IANA time zone such as "UTC" or "Europe/Paris"',
    ok: (v) => {
      if (typeof v !== 'string') return false;
      try {
        checkTimeZone(v);
        return true;
      } catch {
        return false;
      }
    },
  },
  limit: {
    expected: 'a non-negative integer or Infinity',
    ok: (v) => v === Infinity || (isInt(v) && v >= 0),
  },
  pageSize: {
    expected: `an integer from 1 to ${MAX_PAGE_SIZE}`,
    ok: (v) => isInt(v) && v >= 1,
  },
  keyspaceWake: {
    expected: "'auto', 'enable' or 'off'",
    ok: (v) => v === 'auto' || v === 'enable' || v === 'off',
  },
  strictArgs: {
    expected: "'off', 'warn' or 'refuse'",
    ok: (v) => v === 'off' || v === 'warn' || v === 'refuse',
  },
} satisfies Record<string, Rule>;

/** Reads the options of one owner, checking each against its rule. */
class OptionReader {
  constructor(
    readonly owner: string,
    private readonly options: object,
  ) {
    if (typeof options !== 'object' || options === null)
      throw new WorkConfigError(`${owner} options must be an object, got ${shown(options)}`);
  }

  /** The value of a required option. */
  required<T>(name: string, rule: Rule): T {
    const value = (this.options as Record<string, unknown>)[name];
    return this.checked(name, rule, value) as T;
  }

  /** The value of an optional option, or `fallback` when it is undefined. */
  optional<T>(name: string, rule: Rule, fallback: T): T {
    const value = (this.options as Record<string, unknown>)[name];
    return value === undefined ? fallback : (this.checked(name, rule, value) as T);
  }

  fail(name: string, expected: string, value: unknown): never {
    throw new WorkConfigError(invalidEngineOptionMessage(this.owner, name, expected, value));
  }

  private checked(name: string, rule: Rule, value: unknown): unknown {
    if (!rule.ok(value)) this.fail(name, rule.expected, value);
    return value;
  }
}

/** The connection options every engine object shares. */
function connection(read: OptionReader) {
  const namespace = read.required<string>('namespace', rules.namespace);
  const redis = read.required<RedisSource>('redis', rules.redis);
  if (isClusterClient(redis) || isClusterConfig(redis))
    checkClusterNamespace(read.owner, namespace);
  return {
    namespace,
    redis,
    clock: read.optional<Clock>('clock', rules.clock, systemClock),
    logger: read.optional<WorkLogger>('logger', rules.logger, consoleLogger),
  };
}

/**
 * Checks every option of a worker pool and applies the defaults. `owner` names the options in
 * errors (`WorkModule` when the Nest layer resolves them).
 */
export function resolvePoolOptions<C>(
  options: WorkerPoolOptions<C>,
  owner = 'WorkerPool',
): ResolvedPoolOptions<C> {
  const read = new OptionReader(owner, options);
  const base = connection(read);
  const d = ENGINE_DEFAULTS;
  const heartbeatIntervalMs = read.optional('heartbeatIntervalMs', rules.ms, d.heartbeatIntervalMs);
  if (heartbeatIntervalMs > d.maxHeartbeatIntervalMs)
    read.fail(
      'heartbeatIntervalMs',
      `at most ${d.maxHeartbeatIntervalMs} (Go reapers call a pool dead after 10 s)`,
      heartbeatIntervalMs,
    );
  const deadAfterSeconds = read.optional('deadAfterSeconds', rules.positiveInt, d.deadAfterSeconds);
  if (deadAfterSeconds * 1000 < 2 * heartbeatIntervalMs)
    read.fail(
      'deadAfterSeconds',
      `at least twice heartbeatIntervalMs (${heartbeatIntervalMs} ms), or live pools look dead`,
      deadAfterSeconds,
    );
  return {
    ...base,
    concurrency: read.optional('concurrency', rules.nonNegativeInt, d.concurrency),
    context: read.optional('context', rules.function, () => ({}) as C),
    pollIntervalMs: read.optional('pollIntervalMs', rules.ms, d.pollIntervalMs),
    keyspaceWake: read.optional<KeyspaceWakeMode>('keyspaceWake', rules.keyspaceWake, 'auto'),
    // Left undefined for the local zone: finding it loads ICU's zone data (about 8 MB resident),
    // which only a pool with schedules needs (see PeriodicEnqueuer.timeZone).
    timeZone: read.optional<string | undefined>('timeZone', rules.timeZone, undefined),
    periodicPeriodMs: read.optional<number | undefined>('periodicPeriodMs', rules.ms, undefined),
    heartbeatIntervalMs,
    // With an injected clock (tests), beats come from the main thread so they follow that clock.
    heartbeatInThread: read.optional(
      'heartbeatInThread',
      rules.boolean,
      base.clock === systemClock,
    ),
    observeIntervalMs: read.optional('observeIntervalMs', rules.ms, d.observeIntervalMs),
    requeueIntervalMs: read.optional('requeueIntervalMs', rules.ms, d.requeueIntervalMs),
    reapIntervalMs: read.optional('reapIntervalMs', rules.ms, d.reapIntervalMs),
    deadAfterSeconds,
    orphanGraceMs: read.optional('orphanGraceMs', rules.ms, d.orphanGraceMs),
    deadRetention: deadRetentionOf(read, options.deadRetention),
    logJobs: read.optional('logJobs', rules.boolean, true),
    tracing: read.optional('tracing', rules.boolean, true),
    jobMetrics: read.optional('jobMetrics', rules.boolean, true),
  };
}

function deadRetentionOf(
  read: OptionReader,
  value: PoolTimings['deadRetention'],
): ResolvedPoolOptions<unknown>['deadRetention'] {
  if (value === false || value === undefined) return value;
  if (value === true) value = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    read.fail('deadRetention', 'a boolean or { maxJobs?, maxAgeSeconds? }', value);
  const limit = (field: 'maxJobs' | 'maxAgeSeconds', fallback: number): number => {
    const v = value[field];
    if (v === undefined) return fallback;
    if (!rules.limit.ok(v)) read.fail(`deadRetention.${field}`, rules.limit.expected, v);
    return v;
  };
  return {
    maxJobs: limit('maxJobs', DEFAULT_DEAD_MAX_JOBS),
    maxAgeSeconds: limit('maxAgeSeconds', DEFAULT_DEAD_MAX_AGE_SECONDS),
  };
}

/** Checks every option of an enqueuer and applies the defaults. */
export function resolveEnqueuerOptions(
  options: EnqueuerOptions,
  owner = 'Enqueuer',
): ResolvedEnqueuerOptions {
  const read = new OptionReader(owner, options);
  return {
    ...connection(read),
    wake: read.optional('wake', rules.boolean, true),
    tracing: read.optional('tracing', rules.boolean, true),
    strictArgs: strictArgsOf(read),
    waitForReplicas: checkReplicaWait(owner, options.waitForReplicas),
  };
}

/**
 * The enqueuer's `strictArgs` on its own, for owners that take it beside other options (the Nest
 * module); `'off'` when undefined.
 */
export function resolveStrictArgs(value: unknown, owner = 'Enqueuer'): StrictArgsMode {
  return strictArgsOf(new OptionReader(owner, { strictArgs: value }));
}

function strictArgsOf(read: OptionReader): StrictArgsMode {
  return read.optional<StrictArgsMode>('strictArgs', rules.strictArgs, 'off');
}

/** Checks every option of a client and applies the defaults. */
export function resolveClientOptions(
  options: ClientOptions,
  owner = 'Client',
): ResolvedClientOptions {
  const read = new OptionReader(owner, options);
  const pageSize = read.optional<number>('pageSize', rules.pageSize, ENGINE_DEFAULTS.pageSize);
  return { ...connection(read), pageSize: Math.min(pageSize, MAX_PAGE_SIZE) };
}
