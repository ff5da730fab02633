/**
 * Prometheus metrics with prom-client (an optional peer, loaded only here): the per-process series
 * of a worker pool and the cluster-wide collector, on the caller's registry or a new one.
 */
import type * as PromClient from 'prom-client';
import { invalidOptionMessage, WorkConfigError } from '../errors';
import { requirePeer } from '../optional-peer';
import { registerClusterMetrics } from './cluster-metrics';
import type { ClusterMetricsOptions } from './cluster-metrics-options';
import type { MeteredPool } from './metered-pool';
import { registerPoolMetrics } from './pool-metrics';
import type { PromRegistry } from './prom-registry';

/** Options of {@link WorkMetrics}. */
export interface WorkMetricsOptions {
  /** A prom-client Registry to register on (e.g. the app's own). Default: a new Registry. */
  registry?: PromRegistry;
  /** Prefix of every series name. Default `work_`. */
  prefix?: string;
  /** The pool whose per-process series to publish; none when absent. */
  pool?: MeteredPool;
  /** Buckets of `<prefix>job_duration_seconds`, in seconds. Default 1 ms to 5 min. */
  durationBuckets?: number[];
  /** Publish the cluster-wide series read from Redis; off when absent. */
  cluster?: ClusterMetricsOptions;
}

/** The library's Prometheus series on one registry. */
export class WorkMetrics {
  /** The registry holding the series. */
  readonly registry: PromRegistry;
  private readonly unsubscribe: () => void;

  constructor(options: WorkMetricsOptions = {}) {
    const prom = requirePeer<typeof PromClient>('prom-client', 'Prometheus metrics');
    const prefix = options.prefix ?? 'work_';
    if (typeof prefix !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$|^$/.test(prefix)) {
      throw new WorkConfigError(
        invalidOptionMessage('metrics prefix', 'a Prometheus name prefix such as "work_"', prefix),
      );
    }
    // The public type is our structural PromRegistry (prom-client stays out of the declarations);
    // what callers pass is a prom-client Registry, which the series need as such.
    const registry = (options.registry ?? new prom.Registry()) as PromClient.Registry;
    this.registry = registry;
    this.unsubscribe = options.pool
      ? registerPoolMetrics(prom, registry, prefix, options.pool, options.durationBuckets)
      : () => undefined;
    if (options.cluster) registerClusterMetrics(prom, registry, prefix, options.cluster);
  }

  /** The exposition text of the whole registry. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The Content-Type header of {@link WorkMetrics.text}. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Stops following the pool's job events (the series stay registered). */
  close(): void {
    this.unsubscribe();
  }
}
