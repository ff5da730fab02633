/**
 * The admin JSON API's contract: the shapes the admin controller answers with, and the only file
 * of the library the dashboard's front end (libs/work/ui) may import (types only, enforced by lint).
 */
export type {
  DeadJob,
  FoundJob,
  JobPage,
  Queue,
  RetryDeadResult,
  RetryJob,
  ScheduledJobEntry,
  SearchJobsPage,
  WorkerObservation,
  WorkerPoolHeartbeat,
} from '../core/client-types';
export type { Stats, StatsPoint } from '../core/stats';
export type { RedisSummary } from '../core/redis-info';
export type { PeriodicSchedule } from '../core/periodic-schedules';
export type { JobMetricsReport, JobMetricsSeries } from '../core/job-metrics-report';

/** The body of a mutation that succeeded (gocraft's), plus any counts. */
export type AdminOk<T extends object = object> = { status: 'ok' } & T;
