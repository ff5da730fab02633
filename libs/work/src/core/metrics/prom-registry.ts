/**
 * The part of a prom-client Registry the library touches, declared here rather than imported:
 * prom-client is an optional peer, and a public type naming it would break `tsc` in every app
 * that does not install it. prom-client's own `Registry` satisfies this interface.
 */

/** A Prometheus registry: a prom-client `Registry` (any instance of it fits). */
export interface PromRegistry {
  /** The exposition text of every series on the registry. */
  metrics(): Promise<string>;
  /** The Content-Type header of {@link PromRegistry.metrics}. */
  readonly contentType: string;
  /**
   * Adds a series; prom-client calls it for each series built with this registry. Its parameter
   * is prom-client's metric type, left out here so that the type does not need prom-client.
   */
  registerMetric(metric: never): void;
}
