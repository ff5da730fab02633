/**
 * A Nest app on a private 3-master Redis Cluster: WorkModule.forRoot on the cluster's nodes with
 * the admin API and dashboard at `admin/work`, for the cluster specs of the Nest layer.
 */
import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Cluster } from 'ioredis';
import { WorkModule } from 'nestjs-gocraft-work';
import { PrivateCluster, startPrivateCluster } from '../../scripts/private-topologies';

/** The running app, a connection to its cluster, and a JSON caller of its admin API. */
export interface ClusterNestApp {
  readonly cluster: PrivateCluster;
  readonly redis: Cluster;
  readonly app: INestApplication;
  /** The admin API's base URL (`…/admin/work`). */
  readonly base: string;
  /** Calls the admin API; the body is parsed JSON, or undefined when empty. */
  call(method: string, path: string): Promise<{ status: number; body: any }>;
  /** Closes the app and the connection, then stops the cluster. */
  close(): Promise<void>;
}

/** Starts a cluster and an app whose WorkModule has `namespace` (and `shards`, when given). */
export async function startClusterNestApp(options: {
  namespace: string;
  shards?: number;
  providers: Type[];
}): Promise<ClusterNestApp> {
  const cluster = await startPrivateCluster();
  const redis = new Cluster(cluster.nodes);
  let app: INestApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [
        WorkModule.forRoot({
          namespace: options.namespace,
          ...(options.shards === undefined ? {} : { shards: options.shards }),
          redis: { cluster: cluster.nodes },
          logger: false,
          pollIntervalMs: 20,
          admin: { path: 'admin/work', dashboard: true },
        }),
      ],
      providers: options.providers,
    }).compile();
    app = moduleRef.createNestApplication({ logger: false, forceCloseConnections: true });
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    // A failed start must not leave the cluster's servers running.
    await app?.close();
    await redis.quit();
    await cluster.stop();
    throw err;
  }
  const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/admin/work`;
  return {
    cluster,
    redis,
    app,
    base,
    async call(method, path) {
      const res = await fetch(`${base}${path}`, { method });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await app.close();
      await redis.quit();
      await cluster.stop();
    },
  };
}
