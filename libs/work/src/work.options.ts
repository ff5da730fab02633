/**
 * Checks WorkModule options once, at start-up, and fills defaults. Every message names the option.
 */
import Redis from 'ioredis';
import { WorkConfigError } from './core';
import { invalidModuleOptionMessage } from './work.constants';
import type { WorkModuleOptions } from './work.interfaces';

/** Options with defaults applied. */
export type ResolvedWorkOptions = Required<
  Pick<WorkModuleOptions, 'namespace' | 'concurrency' | 'runPool' | 'shutdownTimeoutMs'>
> &
  WorkModuleOptions;

function check(ok: boolean, option: string, expected: string, got: unknown): void {
  if (!ok) throw new WorkConfigError(invalidModuleOptionMessage(option, expected, got));
}

const isPositiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isNonNegativeInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Validates and completes the options. */
export function resolveWorkOptions(options: WorkModuleOptions): ResolvedWorkOptions {
  check(typeof options === 'object' && options !== null, 'options', 'an object', options);
  const o = options;
  check(typeof o.namespace === 'string', 'namespace', 'a string such as "work"', o.namespace);
  const redis = o.redis ?? 'redis://127.0.0.1:6379';
  check(
    typeof redis === 'string'
      ? /^rediss?:\/\//.test(redis)
      : typeof redis === 'object' && redis !== null,
    'redis',
    'a redis:// URL, ioredis options or an ioredis client',
    redis,
  );
  check(
    o.concurrency === undefined || isNonNegativeInt(o.concurrency),
    'concurrency',
    'a non-negative integer',
    o.concurrency,
  );
  check(
    o.runPool === undefined || typeof o.runPool === 'boolean',
    'runPool',
    'a boolean',
    o.runPool,
  );
  for (const key of [
    'shutdownTimeoutMs',
    'pollIntervalMs',
    'heartbeatIntervalMs',
    'observeIntervalMs',
    'requeueIntervalMs',
    'reapIntervalMs',
    'orphanGraceMs',
  ] as const) {
    check(
      o[key] === undefined || isPositiveInt(o[key]),
      key,
      'a positive integer of milliseconds',
      o[key],
    );
  }
  check(
    o.deadAfterSeconds === undefined || isPositiveInt(o.deadAfterSeconds),
    'deadAfterSeconds',
    'a positive integer',
    o.deadAfterSeconds,
  );
  if (o.heartbeatIntervalMs !== undefined && o.heartbeatIntervalMs > 5000) {
    throw new WorkConfigError(
      invalidModuleOptionMessage(
        'heartbeatIntervalMs',
        'at most 5000 (Go reapers call a pool dead after 10 s)',
        o.heartbeatIntervalMs,
      ),
    );
  }
  if (o.timeZone !== undefined) {
    let valid = typeof o.timeZone === 'string';
    try {
      if (valid) new Intl.DateTimeFormat('en-US', { timeZone: o.timeZone });
    } catch {
      valid = false;
    }
    check(valid, 'timeZone', 'an IANA time zone such as "Europe/Paris"', o.timeZone);
  }
  check(
    o.authorize === undefined || typeof o.authorize === 'function',
    'authorize',
    'a function (request) => boolean',
    o.authorize,
  );
  check(
    o.allowedHosts === undefined ||
      (Array.isArray(o.allowedHosts) &&
        o.allowedHosts.every((h) => typeof h === 'string' && h !== '')),
    'allowedHosts',
    'an array of host names such as ["localhost", "127.0.0.1", "::1"]',
    o.allowedHosts,
  );
  return {
    ...o,
    allowedHosts: o.allowedHosts?.map((h) => h.toLowerCase().replace(/^\[(.*)\]$/, '$1')),
    redis: redis instanceof Redis || typeof redis === 'string' ? redis : { ...redis },
    concurrency: o.concurrency ?? 10,
    runPool: o.runPool ?? true,
    shutdownTimeoutMs: o.shutdownTimeoutMs ?? 25_000,
  };
}
