/**
 * Splits WorkModule options into the module's own fields, checked here, and the engine's, which
 * core's resolver checks and completes. Runs once, at start-up; every message names the option.
 */
import { Logger } from '@nestjs/common';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { MAX_SHARDS, shardNamespaces, silentLogger, WorkConfigError, WorkLogger } from './core';
import {
  invalidEngineOptionMessage,
  ResolvedPoolOptions,
  resolvePoolOptions,
  resolveStrictArgs,
} from './core/engine-options';
import type { StrictArgsMode } from './core/cjson-check';
import type { WorkModuleOptions } from './work.interfaces';
import { DEFAULT_WORK_INSTANCE } from './work.constants';

/** Where the module connects when `redis` is not given. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The module's options: its own fields, and the engine's as core resolved them. */
export interface ResolvedWorkOptions {
  /** The instance's name (`default` unless `forRoot({ name })` gave one). */
  readonly name: string;
  /** Every engine option with its default; `logger` is the WorkerPool's (see {@link workLogger}). */
  readonly engine: ResolvedPoolOptions<any>;
  /** The Enqueuer's handling of args cjson would rewrite, checked by core's enqueuer rules. */
  readonly strictArgs: StrictArgsMode;
  readonly runPool: boolean;
  readonly shutdownTimeoutMs: number;
  /** The Nest logger given, `false` for silence, or undefined for Nest's default logger. */
  readonly logger: LoggerService | false | undefined;
  readonly authorize: WorkModuleOptions['authorize'];
  /** Host names the admin API answers to, lower case, without brackets; undefined for any. */
  readonly allowedHosts: string[] | undefined;
  /** Number of shards of the logical namespace `engine.namespace`; undefined for a plain one. */
  readonly shards: number | undefined;
}

const OWNER = 'WorkModule';

function check(ok: boolean, option: string, expected: string, got: unknown): void {
  if (!ok) throw new WorkConfigError(invalidEngineOptionMessage(OWNER, option, expected, got));
}

/**
 * The engine's logger for the class named `owner` of instance `name`: Nest's Logger with that
 * class as its context (`WorkerPool`, or `WorkerPool(billing)` for a named instance), the
 * given LoggerService with that context, or silence for `false`.
 */
export function workLogger(
  logger: LoggerService | false | undefined,
  owner: string,
  name: string,
): WorkLogger {
  if (logger === false) return silentLogger;
  const context = name === DEFAULT_WORK_INSTANCE ? owner : `${owner}(${name})`;
  const target = logger ?? new Logger(context);
  const extra = logger ? [context] : [];
  const debug = target.debug?.bind(target);
  return {
    log: (m) => target.log(m, ...extra),
    warn: (m) => target.warn(m, ...extra),
    error: (m, stack) => target.error(m, ...(stack ? [stack] : []), ...extra),
    // Only when the logger has one: per-job start/finish lines are built only for a debug().
    ...(debug
      ? {
          debug: (m: string) => debug(m, ...extra),
          // Nest's Logger hands each line to the app's logger (a ConsoleLogger unless replaced),
          // which drops it unless its levels include debug: ask that logger, when it can say.
          debugEnabled: () =>
            levelEnabled(target instanceof Logger ? target.localInstance : target, 'debug'),
        }
      : {}),
  };
}

/** Whether `logger` prints `level` now: its own answer when it has one, else yes; none: no. */
function levelEnabled(logger: LoggerService | undefined, level: LogLevel): boolean {
  if (!logger) return false;
  const ask = (logger as { isLevelEnabled?: unknown }).isLevelEnabled;
  return typeof ask === 'function' ? (ask as (l: LogLevel) => boolean).call(logger, level) : true;
}

/** Checks the module's own options, then hands the engine's to core's resolver. */
export function resolveWorkOptions(
  options: WorkModuleOptions,
  name: string = DEFAULT_WORK_INSTANCE,
): ResolvedWorkOptions {
  check(typeof options === 'object' && options !== null, 'options', 'an object', options);
  const {
    runPool,
    shutdownTimeoutMs,
    logger,
    authorize,
    allowedHosts,
    strictArgs,
    shards,
    ...engine
  } = options;
  check(
    shards === undefined || (Number.isInteger(shards) && shards >= 1 && shards <= MAX_SHARDS),
    'shards',
    `an integer from 1 to ${MAX_SHARDS}`,
    shards,
  );
  if (shards !== undefined)
    check(
      typeof engine.namespace === 'string' &&
        engine.namespace !== '' &&
        !/[{}]/.test(engine.namespace),
      'namespace',
      'a name without "{" or "}" when shards is set (each shard adds its own hash tag)',
      engine.namespace,
    );
  check(runPool === undefined || typeof runPool === 'boolean', 'runPool', 'a boolean', runPool);
  check(
    shutdownTimeoutMs === undefined ||
      (Number.isInteger(shutdownTimeoutMs) && shutdownTimeoutMs > 0),
    'shutdownTimeoutMs',
    'a positive integer of milliseconds',
    shutdownTimeoutMs,
  );
  check(
    logger === undefined ||
      logger === false ||
      (typeof logger === 'object' &&
        logger !== null &&
        ['log', 'warn', 'error'].every(
          (m) => typeof logger[m as keyof LoggerService] === 'function',
        )),
    'logger',
    'a Nest LoggerService or false',
    logger,
  );
  check(
    authorize === undefined || typeof authorize === 'function',
    'authorize',
    'a function (request) => boolean',
    authorize,
  );
  check(
    allowedHosts === undefined ||
      (Array.isArray(allowedHosts) && allowedHosts.every((h) => typeof h === 'string' && h !== '')),
    'allowedHosts',
    'an array of host names such as ["localhost", "127.0.0.1", "::1"]',
    allowedHosts,
  );
  const resolved = resolvePoolOptions(
    {
      ...engine,
      // With shards the engine's checks (a hash tag on a Cluster) apply to a shard's namespace.
      namespace: shards === undefined ? engine.namespace : shardNamespaces(engine.namespace, 1)[0],
      redis: engine.redis ?? DEFAULT_REDIS_URL,
      logger: workLogger(logger, 'WorkerPool', name),
    },
    OWNER,
  );
  return {
    engine: shards === undefined ? resolved : { ...resolved, namespace: engine.namespace },
    shards,
    name,
    strictArgs: resolveStrictArgs(strictArgs, OWNER),
    runPool: runPool ?? true,
    shutdownTimeoutMs: shutdownTimeoutMs ?? 25_000,
    logger,
    authorize,
    allowedHosts: allowedHosts?.map((h) => h.toLowerCase().replace(/^\[(.*)\]$/, '$1')),
  };
}
