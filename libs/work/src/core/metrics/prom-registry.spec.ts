import { OpenMetricsContentType, Registry } from 'prom-client';
import type { PromRegistry } from './prom-registry';

// Type-level checks, enforced by `npm run typecheck`: prom-client's Registry (both exposition
// formats) must fit our structural stand-in, and an object prom-client could not register series
// on must not.
const prometheus: PromRegistry = new Registry();
const openMetricsRegistry = new Registry<OpenMetricsContentType>();
openMetricsRegistry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
const openMetrics: PromRegistry = openMetricsRegistry;
// @ts-expect-error: no registerMetric, so prom-client could not add series to it
const notARegistry: PromRegistry = { metrics: async () => '', contentType: 'text/plain' };

describe('PromRegistry', () => {
  it("is what prom-client's Registry offers, members the library reads included", async () => {
    expect(prometheus.contentType).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
    expect(openMetrics.contentType).toBe(Registry.OPENMETRICS_CONTENT_TYPE);
    expect(await prometheus.metrics()).toBe('\n');
    expect(typeof notARegistry.registerMetric).toBe('undefined');
  });
});
