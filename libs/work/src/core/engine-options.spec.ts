import Redis from 'ioredis';
import { Client } from './client';
import { DEFAULT_DEAD_MAX_AGE_SECONDS, DEFAULT_DEAD_MAX_JOBS } from './client-types';
import { FixedClock, systemClock } from './clock';
import {
  ENGINE_DEFAULTS,
  resolveClientOptions,
  resolveEnqueuerOptions,
  resolvePoolOptions,
} from './engine-options';
import { Enqueuer } from './enqueuer';
import { WorkConfigError } from './errors';
import { consoleLogger, silentLogger } from './logger';
import { WorkerPool } from './worker-pool';

const base = { namespace: 'ns', redis: 'redis://127.0.0.1:1' };

/** [option, bad value, the message's "must be ..., got ..." part] */
type Case = [string, unknown, string];

const shared: Case[] = [
  ['namespace', 42, 'a string such as "work" (gocraft\'s namespace; "" for none), got 42'],
  [
    'redis',
    'localhost:6379',
    'a redis:// URL (or rediss://), ioredis options, an ioredis client or Cluster, or { cluster: [nodes] }, got "localhost:6379"',
  ],
  ['clock', {}, 'a clock: an object with nowSeconds(), got {}'],
  [
    'logger',
    { log: () => undefined },
    'a logger: an object with log(), warn() and error(), got {}',
  ],
];

const poolCases: Case[] = [
  ...shared,
  ['concurrency', -1, 'a non-negative integer, got -1'],
  ['context', 'fresh', 'a function, got "fresh"'],
  ['pollIntervalMs', 0, 'a positive integer of milliseconds, got 0'],
  [
    'timeZone',
    'Mars/Olympus',
    'an IANA time zone such as "UTC" or "Europe/Paris", got "Mars/Olympus"',
  ],
  ['periodicPeriodMs', -5, 'a positive integer of milliseconds, got -5'],
  ['heartbeatIntervalMs', 1.5, 'a positive integer of milliseconds, got 1.5'],
  ['heartbeatInThread', 'yes', 'a boolean, got "yes"'],
  ['observeIntervalMs', '1000', 'a positive integer of milliseconds, got "1000"'],
  ['requeueIntervalMs', null, 'a positive integer of milliseconds, got null'],
  ['reapIntervalMs', Infinity, 'a positive integer of milliseconds, got Infinity'],
  ['deadAfterSeconds', 0, 'a positive integer, got 0'],
  ['orphanGraceMs', -1, 'a positive integer of milliseconds, got -1'],
  ['deadRetention', 'none', 'a boolean or { maxJobs?, maxAgeSeconds? }, got "none"'],
  ['keyspaceWake', 'on', `'auto', 'enable' or 'off', got "on"`],
];

describe('engine options', () => {
  describe('resolvePoolOptions', () => {
    it.each(poolCases)('names a bad %s', (option, value, message) => {
      expect(() => resolvePoolOptions({ ...base, [option]: value })).toThrow(
        new WorkConfigError(`WorkerPool option "${option}" must be ${message}`),
      );
    });

    it('names a bad deadRetention limit by its path', () => {
      expect(() => resolvePoolOptions({ ...base, deadRetention: { maxJobs: -1 } })).toThrow(
        'WorkerPool option "deadRetention.maxJobs" must be a non-negative integer or Infinity, got -1',
      );
      expect(() => resolvePoolOptions({ ...base, deadRetention: { maxAgeSeconds: 0.5 } })).toThrow(
        'WorkerPool option "deadRetention.maxAgeSeconds" must be a non-negative integer or Infinity, got 0.5',
      );
    });

    it('keeps the heartbeat within what Go reapers accept, and deadAfterSeconds above two beats', () => {
      expect(() => resolvePoolOptions({ ...base, heartbeatIntervalMs: 6000 })).toThrow(
        'WorkerPool option "heartbeatIntervalMs" must be at most 5000 (Go reapers call a pool dead after 10 s), got 6000',
      );
      expect(() =>
        resolvePoolOptions({ ...base, heartbeatIntervalMs: 2000, deadAfterSeconds: 3 }),
      ).toThrow(
        'WorkerPool option "deadAfterSeconds" must be at least twice heartbeatIntervalMs (2000 ms), or live pools look dead, got 3',
      );
      expect(
        resolvePoolOptions({ ...base, heartbeatIntervalMs: 500, deadAfterSeconds: 1 })
          .deadAfterSeconds,
      ).toBe(1);
    });

    it('refuses options that are not an object, and names the owner it is given', () => {
      expect(() => resolvePoolOptions(null as never)).toThrow(
        'WorkerPool options must be an object, got null',
      );
      expect(() => resolvePoolOptions({ ...base, concurrency: -2 }, 'WorkModule')).toThrow(
        'WorkModule option "concurrency" must be a non-negative integer, got -2',
      );
    });

    it('fills every default', () => {
      const resolved = resolvePoolOptions(base);
      expect({ ...resolved, context: undefined }).toEqual({
        ...base,
        clock: systemClock,
        logger: consoleLogger,
        concurrency: 10,
        context: undefined,
        pollIntervalMs: 200,
        timeZone: undefined,
        periodicPeriodMs: undefined,
        heartbeatIntervalMs: 5000,
        heartbeatInThread: true,
        logJobs: true,
        tracing: true,
        jobMetrics: true,
        observeIntervalMs: 1000,
        requeueIntervalMs: 1000,
        reapIntervalMs: 15_000,
        deadAfterSeconds: 30,
        orphanGraceMs: 15_000,
        keyspaceWake: 'auto',
        // Off unless configured: a trim would delete Go's dead jobs too (docs/interop.md).
        deadRetention: undefined,
      });
      expect(resolved.context()).toEqual({});
      expect(ENGINE_DEFAULTS.pollIntervalMs).toBe(resolved.pollIntervalMs);
    });

    it('keeps given values, beats on the main thread with an injected clock, and accepts a client', () => {
      const clock = new FixedClock(1);
      const redis = new Redis({ lazyConnect: true });
      try {
        const resolved = resolvePoolOptions({
          ...base,
          redis,
          clock,
          logger: silentLogger,
          concurrency: 0,
          timeZone: 'UTC',
          deadRetention: false,
        });
        expect(resolved.redis).toBe(redis);
        expect(resolved.heartbeatInThread).toBe(false);
        expect(resolved.concurrency).toBe(0);
        expect(resolved.timeZone).toBe('UTC');
        expect(resolved.deadRetention).toBe(false);
        expect(
          resolvePoolOptions({ ...base, deadRetention: { maxJobs: Infinity } }).deadRetention,
        ).toEqual({ maxJobs: Infinity, maxAgeSeconds: DEFAULT_DEAD_MAX_AGE_SECONDS });
        expect(resolvePoolOptions({ ...base, deadRetention: true }).deadRetention).toEqual({
          maxJobs: DEFAULT_DEAD_MAX_JOBS,
          maxAgeSeconds: DEFAULT_DEAD_MAX_AGE_SECONDS,
        });
      } finally {
        redis.disconnect();
      }
    });

    it('is what WorkerPool runs on construction', () => {
      expect(() => new WorkerPool({ ...base, pollIntervalMs: 0 })).toThrow(
        'WorkerPool option "pollIntervalMs" must be a positive integer of milliseconds, got 0',
      );
    });
  });

  describe('resolveEnqueuerOptions', () => {
    it.each<Case>([
      ...shared,
      ['wake', 'no', 'a boolean, got "no"'],
      ['strictArgs', 'loud', `'off', 'warn' or 'refuse', got "loud"`],
    ])('names a bad %s', (option, value, message) => {
      expect(() => resolveEnqueuerOptions({ ...base, [option]: value })).toThrow(
        new WorkConfigError(`Enqueuer option "${option}" must be ${message}`),
      );
    });

    it('fills every default, and is what Enqueuer runs on construction', () => {
      expect(resolveEnqueuerOptions(base)).toEqual({
        ...base,
        clock: systemClock,
        logger: consoleLogger,
        wake: true,
        tracing: true,
        strictArgs: 'off',
        waitForReplicas: false,
      });
      expect(() => new Enqueuer({ ...base, wake: 1 as never })).toThrow(
        'Enqueuer option "wake" must be a boolean, got 1',
      );
      expect(() => new Enqueuer({ ...base, waitForReplicas: { replicas: 1 } as never })).toThrow(
        'Enqueuer option "waitForReplicas" must be false or { replicas: integer >= 1, timeoutMs: integer >= 1 }, got {"replicas":1}',
      );
    });
  });

  describe('resolveClientOptions', () => {
    it.each<Case>([...shared, ['pageSize', 0, 'an integer from 1 to 1000, got 0']])(
      'names a bad %s',
      (option, value, message) => {
        expect(() => resolveClientOptions({ ...base, [option]: value })).toThrow(
          new WorkConfigError(`Client option "${option}" must be ${message}`),
        );
      },
    );

    it('fills every default, cuts pageSize to 1000, and is what Client runs on construction', () => {
      expect(resolveClientOptions(base)).toEqual({
        ...base,
        clock: systemClock,
        logger: consoleLogger,
        pageSize: 20,
      });
      expect(resolveClientOptions({ ...base, pageSize: 5000 }).pageSize).toBe(1000);
      expect(() => new Client({ ...base, namespace: undefined as never })).toThrow(
        'Client option "namespace" must be',
      );
    });
  });
});
