/**
 * The harness itself: each topology starts on free ports, answers as it should, and is gone after
 * stop().
 */
import Redis, { Cluster } from 'ioredis';
import { readFileSync } from 'node:fs';
import {
  startPrivateCluster,
  startPrivateSentinelGroup,
  startPrivateTlsRedis,
} from '../../scripts/private-topologies';

async function refused(port: number): Promise<boolean> {
  const redis = new Redis({ port, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return false;
  } catch {
    return true;
  } finally {
    redis.disconnect();
  }
}

describe('test topologies', () => {
  it('a 3-master cluster spreads slots over three nodes and stops', async () => {
    const cluster = await startPrivateCluster();
    const client = new Cluster(cluster.nodes);
    try {
      await client.set('{a}x', '1');
      await client.set('{b}x', '2');
      await client.set('{c}x', '3');
      expect(await client.mget('{a}x')).toEqual(['1']);
      const masters = client.nodes('master');
      expect(masters).toHaveLength(3);
    } finally {
      await client.quit();
      await cluster.stop();
    }
    for (const n of cluster.nodes) expect(await refused(n.port)).toBe(true);
  });

  it('a sentinel group names its primary and stops', async () => {
    const group = await startPrivateSentinelGroup();
    try {
      expect(await group.primaryPort()).toBe(group.primary.port);
    } finally {
      await group.stop();
    }
    expect(await refused(group.primary.port)).toBe(true);
  });

  it('a TLS server accepts a client trusting the test CA only', async () => {
    const tls = await startPrivateTlsRedis();
    const good = new Redis(tls.url, { tls: { ca: readFileSync(tls.caFile) } });
    const untrusted = new Redis(tls.url, { lazyConnect: true, retryStrategy: () => null });
    untrusted.on('error', () => undefined);
    try {
      expect(await good.ping()).toBe('PONG');
      await expect(untrusted.connect()).rejects.toThrow();
    } finally {
      good.disconnect();
      untrusted.disconnect();
      await tls.stop();
    }
  });
});
