/**
 * Per-process Prometheus series of one worker pool, fed by its job events: outcome counters,
 * run-time and queue-wait histograms, and busy/total worker gauges read at scrape time.
 */
import type * as PromClient from 'prom-client';
import { DEFAULT_DURATION_BUCKETS, DEFAULT_WAIT_BUCKETS, MeteredPool } from './metered-pool';

/** Registers the per-process series on `registry` and keeps them up to date; returns an unsubscribe. */
export function registerPoolMetrics(
  prom: typeof PromClient,
  registry: PromClient.Registry,
  prefix: string,
  pool: MeteredPool,
  durationBuckets: number[] = DEFAULT_DURATION_BUCKETS,
): () => void {
  const registers = [registry];
  const labelNames = ['job'] as const;
  const processed = new prom.Counter({
    name: `${prefix}jobs_processed_total`,
    help: 'Job runs that succeeded in this process.',
    labelNames,
    registers,
  });
  const failed = new prom.Counter({
    name: `${prefix}jobs_failed_total`,
    help: 'Job runs that failed in this process (retried, dead or discarded).',
    labelNames,
    registers,
  });
  const duration = new prom.Histogram({
    name: `${prefix}job_duration_seconds`,
    help: 'Run time of jobs in this process, successes and failures.',
    labelNames,
    buckets: durationBuckets,
    registers,
  });
  const wait = new prom.Histogram({
    name: `${prefix}job_wait_seconds`,
    help: 'Time from enqueue (or requeue) to start, for jobs started in this process.',
    labelNames,
    buckets: DEFAULT_WAIT_BUCKETS,
    registers,
  });
  new prom.Gauge({
    name: `${prefix}busy_workers`,
    help: 'Workers of this process running a job.',
    registers,
    collect() {
      this.set(pool.activeJobs);
    },
  });
  new prom.Gauge({
    name: `${prefix}workers`,
    help: 'Worker slots of this process.',
    registers,
    collect() {
      this.set(pool.concurrency);
    },
  });
  // The labelled children of each job name, looked up once: prom-client hashes the labels on
  // every call otherwise, which is most of its cost per job.
  const childrenOf = (job: string) => ({
    processed: processed.labels({ job }),
    failed: failed.labels({ job }),
    duration: duration.labels({ job }),
    wait: wait.labels({ job }),
  });
  const children = new Map<string, ReturnType<typeof childrenOf>>();
  return pool.onJobEvent((event) => {
    const name = event.job.name;
    let series = children.get(name);
    if (!series) {
      series = childrenOf(name);
      children.set(name, series);
    }
    switch (event.type) {
      case 'started':
        series.wait.observe(Math.max(0, Date.now() / 1000 - event.job.enqueuedAt));
        return;
      case 'timedOut':
        return;
      case 'succeeded':
        series.processed.inc();
        break;
      default:
        series.failed.inc();
    }
    series.duration.observe((event.durationMs ?? 0) / 1000);
  });
}
