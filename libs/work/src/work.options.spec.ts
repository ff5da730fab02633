import type { LoggerService } from '@nestjs/common';
import { silentLogger, WorkConfigError } from './core';
import { DEFAULT_REDIS_URL, resolveWorkOptions } from './work.options';
import type { WorkModuleOptions } from './work.interfaces';

const nestLogger: LoggerService = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };
const resolve = (extra: Partial<Record<keyof WorkModuleOptions, unknown>>, name?: string) =>
  resolveWorkOptions({ namespace: 'ns', logger: nestLogger, ...extra } as WorkModuleOptions, name);

describe('resolveWorkOptions', () => {
  it.each([
    ['runPool', 'yes', 'a boolean, got "yes"'],
    ['shutdownTimeoutMs', 0, 'a positive integer of milliseconds, got 0'],
    ['logger', { log: () => undefined }, 'a Nest LoggerService or false, got {}'],
    ['authorize', true, 'a function (request) => boolean, got true'],
  ])('names a bad %s (a module option)', (option, value, message) => {
    expect(() => resolve({ [option]: value })).toThrow(
      new WorkConfigError(`WorkModule option "${option}" must be ${message}`),
    );
  });

  it.each([
    ['namespace', 7, 'a string such as "work"'],
    ['redis', 'localhost:6379', 'a redis:// URL'],
    ['concurrency', 1.5, 'a non-negative integer'],
    ['pollIntervalMs', -1, 'a positive integer of milliseconds'],
    ['heartbeatIntervalMs', 9000, 'at most 5000'],
    ['timeZone', 'Nowhere', 'an IANA time zone'],
    ['deadRetention', 3, 'a boolean or { maxJobs?, maxAgeSeconds? }'],
    ['keyspaceWake', 'on', "'auto', 'enable' or 'off'"],
    ['strictArgs', 'loud', "'off', 'warn' or 'refuse'"],
  ])(
    'names a bad %s (an engine option, checked by core under the module name)',
    (option, value, message) => {
      expect(() => resolve({ [option]: value })).toThrow(
        `WorkModule option "${option}" must be ${message}`,
      );
    },
  );

  it('refuses options that are not an object', () => {
    expect(() => resolveWorkOptions(undefined as never)).toThrow(
      'WorkModule option "options" must be an object, got undefined',
    );
  });

  it('keeps its own fields out of the engine and adapts the logger', () => {
    const authorize = () => true;
    const resolved = resolve({ authorize, concurrency: 3 });
    expect(resolved.runPool).toBe(true);
    expect(resolved.shutdownTimeoutMs).toBe(25_000);
    expect(resolved.authorize).toBe(authorize);
    expect(resolved.engine.redis).toBe(DEFAULT_REDIS_URL);
    expect(resolved.engine.concurrency).toBe(3);
    expect(Object.keys(resolved.engine)).not.toEqual(
      expect.arrayContaining(['authorize', 'runPool', 'shutdownTimeoutMs']),
    );
    expect(resolved.name).toBe('default');
    resolved.engine.logger.warn('careful');
    expect(nestLogger.warn).toHaveBeenCalledWith('careful', 'WorkerPool');
    resolve({}, 'billing').engine.logger.error('bad', 'stack');
    expect(nestLogger.error).toHaveBeenCalledWith('bad', 'stack', 'WorkerPool(billing)');
    (nestLogger.error as jest.Mock).mockClear();
    const silent = resolve({ logger: false }).engine.logger;
    expect(Object.keys(silent)).toEqual(Object.keys(silentLogger));
    silent.error('dropped');
    expect(nestLogger.error).not.toHaveBeenCalled();
  });

  it.each([0, 1.5, 1025, '3'])('names a bad shards (%p)', (shards) => {
    expect(() => resolve({ shards })).toThrow(
      `WorkModule option "shards" must be an integer from 1 to 1024, got ${JSON.stringify(shards)}`,
    );
  });

  it('with shards, wants the logical namespace without braces and keeps it as given', () => {
    expect(() => resolve({ shards: 3, namespace: '{work}' })).toThrow(
      'WorkModule option "namespace" must be a name without "{" or "}" when shards is set',
    );
    const cluster = { cluster: [{ host: '127.0.0.1', port: 1 }] };
    const resolved = resolve({ shards: 3, namespace: 'work', redis: cluster });
    expect(resolved.shards).toBe(3);
    expect(resolved.engine.namespace).toBe('work');
    expect(resolve({}).shards).toBeUndefined();
  });
});
