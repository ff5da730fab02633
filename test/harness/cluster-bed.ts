/**
 * A test bed on a private Redis Cluster: a hash-tagged namespace per test, a raw Cluster client
 * for assertions, and enqueuers, pools and clients that are closed together.
 */
import { Cluster } from 'ioredis';
import {
  Client,
  ClientOptions,
  Enqueuer,
  EnqueuerOptions,
  silentLogger,
  WorkerPool,
  WorkerPoolOptions,
} from 'nestjs-gocraft-work/core';
import { testNamespace } from './redis';
import type { PrivateCluster } from '../../scripts/private-topologies';

export class ClusterTestBed {
  /** `{t-<label>-<hex>}`: the whole namespace is the hash tag, so every key lands in one slot. */
  readonly namespace: string;
  readonly redis: Cluster;
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(
    readonly cluster: PrivateCluster,
    label: string,
  ) {
    this.namespace = `{${testNamespace(label)}}`;
    this.redis = new Cluster(cluster.nodes);
    this.redis.on('error', () => undefined);
  }

  /** The `{ cluster: nodes }` source the engine accepts. */
  get source(): { cluster: PrivateCluster['nodes'] } {
    return { cluster: this.cluster.nodes };
  }

  key(suffix: string): string {
    return `${this.namespace}:${suffix}`;
  }

  enqueuer(options: Partial<EnqueuerOptions> = {}): Enqueuer {
    const e = new Enqueuer({
      namespace: this.namespace,
      redis: this.source,
      logger: silentLogger,
      ...options,
    });
    this.closers.push(() => e.close());
    return e;
  }

  pool<C = Record<string, unknown>>(options: Partial<WorkerPoolOptions<C>> = {}): WorkerPool<C> {
    const p = new WorkerPool<C>({
      namespace: this.namespace,
      redis: this.source,
      logger: silentLogger,
      pollIntervalMs: 20,
      ...options,
    });
    this.closers.push(() => p.stop());
    return p;
  }

  client(options: Partial<ClientOptions> = {}): Client {
    const c = new Client({
      namespace: this.namespace,
      redis: this.source,
      logger: silentLogger,
      ...options,
    });
    this.closers.push(() => c.close());
    return c;
  }

  /** The node that owns the namespace's slot (for SCAN and KEYS, which do not cross nodes). */
  async ownerNode() {
    const slot = Number(await this.redis.call('CLUSTER', 'KEYSLOT', this.namespace));
    const slots = await this.redis.cluster('SLOTS');
    const owner = slots.find(([from, to]) => slot >= from && slot <= to)!;
    return this.redis.nodes('master').find((n) => n.options.port === owner[2][1])!;
  }

  /** Every key of the namespace, sorted. */
  async keys(): Promise<string[]> {
    const node = await this.ownerNode();
    return (await node.keys(`${this.namespace}:*`)).sort();
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close();
    const node = await this.ownerNode();
    const keys = await node.keys(`${this.namespace}:*`);
    if (keys.length) await this.redis.del(...keys);
    await this.redis.quit();
  }
}
