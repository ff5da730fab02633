/**
 * The Client's reads of what our pools record (Go pools record neither): processed/failed counts
 * and per-job metrics, with their windows checked and the cost of one read bounded.
 */
import type { ClientContext } from './client-context';
import { invalidOptionMessage, WorkConfigError } from './errors';
import { JobMetricsReport, MAX_JOB_METRICS_READS, readJobMetrics } from './job-metrics-report';
import { readStats, Stats } from './stats';

/** Counts over the last `seconds` (1..3600) per second and `minutes` (1..2880) per minute. */
export async function readCheckedStats(
  ctx: ClientContext,
  seconds: number,
  minutes: number,
): Promise<Stats> {
  for (const [name, value, max] of [
    ['seconds', seconds, 3600],
    ['minutes', minutes, 2880],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new WorkConfigError(invalidOptionMessage(name, `an integer from 1 to ${max}`, value));
    }
  }
  return readStats(ctx.keys, ctx.redis, ctx.clock.nowSeconds(), seconds, minutes);
}

/** Metrics of `job` (or every known job) over the last `minutes` (1..1440), bounded per read. */
export async function readCheckedJobMetrics(
  ctx: ClientContext,
  minutes: number,
  job: string | undefined,
): Promise<JobMetricsReport> {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
    throw new WorkConfigError(
      invalidOptionMessage('minutes', 'an integer from 1 to 1440', minutes),
    );
  }
  if (job !== undefined && (typeof job !== 'string' || job === ''))
    throw new WorkConfigError(invalidOptionMessage('job', 'a job name', job));
  const names = job === undefined ? await ctx.redis.smembers(ctx.keys.knownJobs) : [job];
  // One HMGET per name and minute: bound the cost of a single read.
  if (names.length * minutes > MAX_JOB_METRICS_READS) {
    throw new WorkConfigError(
      `metrics of ${names.length} job names over ${minutes} minutes is more than ${MAX_JOB_METRICS_READS} minute buckets in one read; choose a job or a shorter window`,
    );
  }
  return readJobMetrics(ctx.keys, ctx.redis, ctx.clock.nowSeconds(), minutes, names);
}
