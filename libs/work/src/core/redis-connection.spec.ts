import Redis, { Cluster } from 'ioredis';
import { WorkConfigError } from './errors';
import {
  cloneableRedisConfig,
  connectRedis,
  duplicateRedis,
  isRedisClient,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_SOCKET_TIMEOUT_MS,
  timeoutOptions,
} from './redis-connection';

describe('timeouts of the connections we open', () => {
  it('default to a command timeout and a liveness (socket) timeout', () => {
    expect(timeoutOptions('redis://127.0.0.1:1')).toEqual({
      commandTimeout: DEFAULT_COMMAND_TIMEOUT_MS,
      socketTimeout: DEFAULT_SOCKET_TIMEOUT_MS,
    });
    const conn = connectRedis({ port: 1, lazyConnect: true });
    expect(conn.client.options.commandTimeout).toBe(5000);
    expect(conn.client.options.socketTimeout).toBe(10_000);
    conn.client.disconnect();
  });

  it('keep what the caller set, and 0 turns one off', () => {
    expect(timeoutOptions({ commandTimeout: 250, socketTimeout: 0 })).toEqual({
      commandTimeout: 250,
      socketTimeout: undefined,
    });
  });

  it.each([-1, NaN, Infinity, '5000'])('refuse %p naming the option', (bad) => {
    expect(() => timeoutOptions({ commandTimeout: bad as number })).toThrow(WorkConfigError);
    expect(() => connectRedis({ socketTimeout: bad as number, lazyConnect: true })).toThrow(
      /^redis\.socketTimeout must be a number of milliseconds \(0 for none\)/,
    );
  });

  it('travel to the heartbeat thread with a URL', () => {
    expect(cloneableRedisConfig('redis://h:1/2')).toEqual({
      url: 'redis://h:1/2',
      commandTimeout: 5000,
      socketTimeout: 10_000,
    });
  });

  it('travel to the heartbeat thread with Sentinel TLS settings for both hops', () => {
    const ca = Buffer.from('PEM');
    expect(
      cloneableRedisConfig({
        sentinels: [{ host: 'h', port: 26379 }],
        name: 'main',
        tls: { ca },
        sentinelTLS: { ca },
        enableTLSForSentinelMode: true,
      }),
    ).toEqual({
      sentinels: [{ host: 'h', port: 26379 }],
      name: 'main',
      tls: { ca },
      sentinelTLS: { ca },
      enableTLSForSentinelMode: true,
      commandTimeout: 5000,
      socketTimeout: 10_000,
    });
  });
});

/** ioredis loaded a second time, as when an app installs its own copy next to ours. */
function otherCopyOfIoredis(): typeof Redis {
  let other: typeof Redis | undefined;
  jest.isolateModules(() => {
    other = (jest.requireActual('ioredis') as { default: typeof Redis }).default;
  });
  return other!;
}

describe('duplicateRedis (the wake-up subscriber)', () => {
  it('keeps the liveness check but drops the command timeout: ioredis re-subscribes after a reconnect without handling a timed-out reply', () => {
    const conn = connectRedis({ port: 1, lazyConnect: true });
    const subscriber = duplicateRedis(conn.client);
    try {
      expect(subscriber.options.commandTimeout).toBeUndefined();
      expect(subscriber.options.socketTimeout).toBe(DEFAULT_SOCKET_TIMEOUT_MS);
    } finally {
      subscriber.disconnect();
      conn.client.disconnect();
    }
  });
});

describe('cluster connections', () => {
  it("give every node the timeouts of a standalone connection, the caller's first; the subscriber keeps no command timeout", () => {
    const conn = connectRedis({
      cluster: [{ host: '127.0.0.1', port: 1 }],
      options: { lazyConnect: true, redisOptions: { socketTimeout: 700 } },
    });
    const subscriber = duplicateRedis(conn.client);
    try {
      expect((conn.client as unknown as Cluster).options.redisOptions).toMatchObject({
        commandTimeout: DEFAULT_COMMAND_TIMEOUT_MS,
        socketTimeout: 700,
      });
      const sub = (subscriber as unknown as Cluster).options.redisOptions;
      expect(sub?.commandTimeout).toBeUndefined();
      expect(sub?.socketTimeout).toBe(700);
    } finally {
      subscriber.disconnect();
      conn.client.disconnect();
    }
  });
});

describe('isRedisClient', () => {
  const opened: { disconnect(): void }[] = [];
  afterEach(() => opened.splice(0).forEach((client) => client.disconnect()));

  it('accepts a client from another copy of ioredis, which instanceof would refuse, and adopts it without owning it', () => {
    const OtherRedis = otherCopyOfIoredis();
    expect(OtherRedis).not.toBe(Redis);
    const client = new OtherRedis({ lazyConnect: true });
    opened.push(client);
    expect(client instanceof Redis).toBe(false);
    expect(isRedisClient(client)).toBe(true);
    const adopted = connectRedis(client as unknown as Redis);
    expect(adopted.client).toBe(client);
    expect(adopted.owned).toBe(false);
  });

  it('refuses URLs, option objects and Cluster clients', () => {
    const cluster = new Cluster([{ host: '127.0.0.1', port: 1 }], { lazyConnect: true });
    opened.push(cluster);
    expect(isRedisClient('redis://127.0.0.1:6379')).toBe(false);
    expect(isRedisClient({ host: '127.0.0.1', port: 6379 })).toBe(false);
    expect(isRedisClient(null)).toBe(false);
    expect(isRedisClient(cluster)).toBe(false);
  });
});
