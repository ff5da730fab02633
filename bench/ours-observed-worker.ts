/**
 * Worker process for the observability scenario: the same pool as ours-worker, with
 * BENCH_OBSERVABILITY choosing what is switched on:
 * - `off`: per-job logs, per-minute job metrics and tracing all off;
 * - `default`: the library's defaults (job logs to a silent logger, job metrics in Redis, tracing
 *   through @opentelemetry/api with no SDK registered);
 * - `full`: defaults plus Prometheus series (prom-client) and a registered OpenTelemetry SDK that
 *   records every span (batched to an exporter that drops them, so no I/O is measured).
 */
import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { silentLogger, WorkerPool, WorkMetrics } from 'nestjs-gocraft-work/core';
import { JOB_NAMES, TOTAL_CONCURRENCY } from './config';
import type { BenchArgs } from './protocol';
import { hostWorker } from './worker-host';

/** Accepts spans and drops them: the cost measured is recording, not shipping. */
const droppingExporter: SpanExporter = {
  export: (_spans: ReadableSpan[], done) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

hostWorker(({ redisUrl, prefix }, onJob) => {
  const mode = process.env.BENCH_OBSERVABILITY ?? 'default';
  const off = mode === 'off';
  if (mode === 'full') {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(droppingExporter)] }),
    );
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  }
  const pool = new WorkerPool({
    namespace: `${prefix}ours`,
    redis: redisUrl,
    concurrency: TOTAL_CONCURRENCY,
    logger: silentLogger,
    ...(off ? { logJobs: false, jobMetrics: false, tracing: false } : {}),
  });
  for (const name of JOB_NAMES) pool.job(name, (job) => onJob(job.args as BenchArgs | null));
  const metrics = mode === 'full' ? new WorkMetrics({ pool }) : null;
  return {
    start: () => pool.start(),
    settled: () => pool.drain(),
    stop: async () => {
      metrics?.close();
      await pool.stop();
    },
  };
});
