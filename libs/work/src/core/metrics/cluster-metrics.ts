/**
 * Cluster-wide Prometheus series read from Redis when scraped: queue sizes, latencies, locks and
 * pause flags per job name, and the retry, scheduled and dead set sizes. Every replica may expose
 * the collector: a short lease in Redis picks the one that reports, so N replicas neither publish
 * N copies of these series nor read Redis N times per scrape; a cache absorbs scrape bursts.
 */
import type * as PromClient from 'prom-client';
import { Client } from '../client';
import type { Queue } from '../client-types';
import { makeIdentifier } from '../identifier';
import { Keys } from '../keys';
import { silentLogger } from '../logger';
import type { ClusterMetricsOptions } from './cluster-metrics-options';

/** What one read of Redis found; null when another replica holds the lease. */
interface Snapshot {
  queues: Queue[];
  retry: number;
  scheduled: number;
  dead: number;
  pools: number;
}

/** Reads and caches the cluster figures, reporting only while holding the lease. */
export class ClusterSnapshots {
  private readonly keys: Keys;
  private readonly client: Client;
  private readonly id = makeIdentifier();
  private cached: { at: number; value: Promise<Snapshot | null> } | null = null;

  constructor(private readonly options: ClusterMetricsOptions) {
    this.keys = new Keys(options.namespace);
    this.client = new Client({
      namespace: options.namespace,
      redis: options.redis,
      logger: silentLogger,
    });
  }

  /**
   * The current figures, from cache when fresh; null while another replica reports or when Redis
   * cannot answer (the scrape then still serves the per-process series).
   */
  read(): Promise<Snapshot | null> {
    return this.readOrThrow().catch(() => null);
  }

  private readOrThrow(): Promise<Snapshot | null> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < (this.options.cacheMs ?? 5000))
      return this.cached.value;
    const value = this.load();
    this.cached = { at: now, value };
    // A failed read must not be served from cache until it expires.
    value.catch(() => (this.cached = null));
    return value;
  }

  private async load(): Promise<Snapshot | null> {
    if (!(await this.holdLease())) return null;
    const { redis } = this.options;
    const [queues, counts] = await Promise.all([
      this.client.queues(),
      redis
        .pipeline()
        .zcard(this.keys.retry)
        .zcard(this.keys.scheduled)
        .zcard(this.keys.dead)
        .scard(this.keys.workerPools)
        .exec(),
    ]);
    const [retry, scheduled, dead, pools] = (counts ?? []).map(([err, n]) => {
      if (err) throw err;
      return Number(n);
    });
    return { queues, retry, scheduled, dead, pools };
  }

  /** Takes or renews the reporter lease; true when this process reports. */
  private async holdLease(): Promise<boolean> {
    const leaseMs = this.options.leaseMs ?? 60_000;
    if (leaseMs === false) return true;
    const { redis } = this.options;
    const key = this.keys.metricsReporter;
    if ((await redis.set(key, this.id, 'PX', leaseMs, 'NX')) === 'OK') return true;
    if ((await redis.get(key)) !== this.id) return false;
    await redis.pexpire(key, leaseMs);
    return true;
  }
}

/** Registers the cluster-wide series on `registry`. */
export function registerClusterMetrics(
  prom: typeof PromClient,
  registry: PromClient.Registry,
  prefix: string,
  options: ClusterMetricsOptions,
): ClusterSnapshots {
  const snapshots = new ClusterSnapshots(options);
  const registers = [registry];
  // The namespace label also keeps a non-reporting replica's output empty: a gauge without
  // labels would still print a 0.
  const namespace = options.namespace;
  const perJob = (name: string, help: string, pick: (q: Queue) => number) =>
    new prom.Gauge({
      name: `${prefix}${name}`,
      help,
      labelNames: ['namespace', 'job'],
      registers,
      async collect() {
        const snap = await snapshots.read();
        this.reset();
        for (const q of snap?.queues ?? []) this.set({ namespace, job: q.job_name }, pick(q));
      },
    });
  const total = (name: string, help: string, pick: (s: Snapshot) => number) =>
    new prom.Gauge({
      name: `${prefix}${name}`,
      help,
      labelNames: ['namespace'],
      registers,
      async collect() {
        const snap = await snapshots.read();
        this.reset();
        if (snap) this.set({ namespace }, pick(snap));
      },
    });
  perJob('queue_size', 'Jobs waiting in each queue (cluster-wide).', (q) => q.count);
  perJob(
    'queue_latency_seconds',
    "Age of each queue's oldest waiting job (cluster-wide).",
    (q) => q.latency,
  );
  perJob('queue_locks', 'Jobs of each name in flight across all pools.', (q) => q.lock);
  perJob('queue_paused', '1 when the job name is paused.', (q) => (q.paused ? 1 : 0));
  total('retry_jobs', 'Jobs waiting for a retry (cluster-wide).', (s) => s.retry);
  total('scheduled_jobs', 'Jobs scheduled for later (cluster-wide).', (s) => s.scheduled);
  total('dead_jobs', 'Jobs in the dead set (cluster-wide).', (s) => s.dead);
  total('worker_pools', 'Worker pools with a heartbeat (cluster-wide).', (s) => s.pools);
  return snapshots;
}
