import Redis, { Cluster } from 'ioredis';
import { connectRedis, isRedisClient } from './redis-connection';

/** ioredis loaded a second time, as when an app installs its own copy next to ours. */
function otherCopyOfIoredis(): typeof Redis {
  let other: typeof Redis | undefined;
  jest.isolateModules(() => {
    other = (jest.requireActual('ioredis') as { default: typeof Redis }).default;
  });
  return other!;
}

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
