/**
 * A separate worker process for the tracing test: the OpenTelemetry SDK exporting into memory,
 * and a pool on REDIS_URL / WORK_NS. After EXPECTED_RUNS runs it sends its spans to the parent.
 */
import { silentLogger, WorkerPool } from 'nestjs-gocraft-work/core';
import { installTracing, summarize } from '../harness/tracing';

const exporter = installTracing();
const expected = Number(process.env.EXPECTED_RUNS);
const pool = new WorkerPool({
  namespace: process.env.WORK_NS!,
  redis: process.env.REDIS_URL!,
  logger: silentLogger,
  pollIntervalMs: 20,
});
pool.job('traced', () => undefined);
pool.job('from_go', () => undefined);
pool.job('failing', () => Promise.reject(new Error('card declined')), { maxFails: 1 });
pool.onJobEvent(() => {
  // A run's span has ended by the time its outcome event fires.
  const spans = exporter.getFinishedSpans();
  if (spans.length < expected) return;
  process.send?.({ spans: spans.map(summarize) });
});
void pool.start();
process.on('disconnect', () => void pool.stop().then(() => process.exit(0)));
