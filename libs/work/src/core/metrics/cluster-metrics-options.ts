/**
 * Options of the cluster-wide collector, kept apart from cluster-metrics.ts, whose types come from
 * the optional prom-client peer.
 */
import type Redis from 'ioredis';

/** Options of the cluster-wide collector. */
export interface ClusterMetricsOptions {
  /** gocraft namespace to read. */
  namespace: string;
  /** An ioredis client (never closed by the collector). */
  redis: Redis;
  /** How long one read of Redis serves scrapes, in ms. Default 5000. */
  cacheMs?: number;
  /**
   * How long the reporting replica keeps its lease, in ms, renewed by each of its scrapes; keep it
   * above the scrape interval. `false`: always report (only one process exposes the collector).
   * Default 60000.
   */
  leaseMs?: number | false;
}
