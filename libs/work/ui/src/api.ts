/**
 * The admin JSON API, called relative to the page. Mounted, the UI lives at `<admin path>/ui/`,
 * so `../queues` is `<admin path>/queues` under any sub-path, global prefix or proxy prefix; the
 * standalone app serves the UI at `<base>/` and says (in the page's `work-api` meta) that the API
 * is at `api/`.
 */
import type {
  DeadJob,
  FoundJob,
  JobPage,
  Queue,
  RetryDeadResult,
  RetryJob,
  ScheduledJobEntry,
  SearchJobsPage,
  WorkerObservation,
  Stats,
  StatsPoint,
  WorkerPoolHeartbeat,
  RedisSummary,
  PeriodicSchedule,
  JobMetricsReport,
  JobMetricsSeries,
} from '../../src/admin/admin-api-types';

export type {
  DeadJob,
  JobMetricsReport,
  JobMetricsSeries,
  FoundJob,
  JobPage,
  Queue,
  RetryJob,
  RedisSummary,
  RetryDeadResult,
  ScheduledJobEntry,
  SearchJobsPage,
  Stats,
  StatsPoint,
  WorkerObservation,
  WorkerPoolHeartbeat,
};

/** An answer other than 2xx, with the API's `error` text. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const API_BASE = document.querySelector<HTMLMetaElement>('meta[name="work-api"]')?.content || '../';

async function call<T>(method: 'GET' | 'POST', path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      method,
      headers: { accept: 'application/json' },
      signal,
      cache: 'no-store',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(`cannot reach the server (${(err as Error).message})`, 0);
  }
  const body = (await res.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!res.ok) throw new ApiError(body?.error ?? `${res.status} ${res.statusText}`, res.status);
  return body as T;
}

const seg = encodeURIComponent;

/** The three job sets, with the score each is sorted by. */
export type SetName = 'retry' | 'scheduled' | 'dead';
export type SetJob = RetryJob | ScheduledJobEntry | DeadJob;

/** The score field of a set's jobs. */
export function scoreOf(set: SetName, job: SetJob): number {
  if (set === 'retry') return (job as RetryJob).retry_at;
  if (set === 'scheduled') return (job as ScheduledJobEntry).run_at;
  return (job as DeadJob).died_at;
}

/** A job set filter: a job name and/or a search text; empty strings mean "any". */
export interface Filter {
  name: string;
  q: string;
}

function filterQuery(filter: Filter): string {
  const query = new URLSearchParams();
  if (filter.name) query.set('name', filter.name);
  if (filter.q) query.set('q', filter.q);
  return query.toString();
}

export type Order = 'asc' | 'desc';

/** A search hit (`score` + job) as the listing of its set has it (`died_at`, …). */
export function asSetJob(set: SetName, hit: SearchJobsPage['jobs'][number]): SetJob {
  const { score, ...job } = hit;
  if (set === 'retry') return { retry_at: score, ...job };
  if (set === 'scheduled') return { run_at: score, ...job };
  return { died_at: score, ...job };
}

export const api = {
  settings: (signal?: AbortSignal) => call<{ read_only: boolean }>('GET', 'settings', signal),
  redis: (signal?: AbortSignal) => call<RedisSummary>('GET', 'redis', signal),
  periodic: (signal?: AbortSignal) => call<PeriodicSchedule[]>('GET', 'periodic', signal),
  /** One search step; `limit` 0 only counts. */
  search: (
    set: SetName,
    filter: Filter,
    step: { cursor: number; order: Order; limit: number },
    signal?: AbortSignal,
  ) =>
    call<SearchJobsPage>(
      'GET',
      `search/${set}?${filterQuery(filter)}&cursor=${step.cursor}&order=${step.order}&limit=${step.limit}`,
      signal,
    ),
  retryMatchingDead: (filter: Filter) =>
    call<RetryDeadResult>('POST', `retry_matching_dead_jobs?${filterQuery(filter)}`),
  deleteMatching: (set: SetName, filter: Filter) =>
    call<{ deleted: number }>('POST', `delete_matching/${set}?${filterQuery(filter)}`),
  runMatching: (set: 'retry' | 'scheduled', filter: Filter) =>
    call<{ moved: number; left: number }>('POST', `run_matching/${set}?${filterQuery(filter)}`),
  queues: (signal?: AbortSignal) => call<Queue[]>('GET', 'queues', signal),
  stats: (signal?: AbortSignal) => call<Stats>('GET', 'stats?seconds=300&minutes=180', signal),
  jobMetrics: (minutes: number, job: string | undefined, signal?: AbortSignal) =>
    call<JobMetricsReport>(
      'GET',
      `metrics/jobs?minutes=${minutes}${job ? `&job=${seg(job)}` : ''}`,
      signal,
    ),
  workerPools: (signal?: AbortSignal) => call<WorkerPoolHeartbeat[]>('GET', 'worker_pools', signal),
  busyWorkers: (signal?: AbortSignal) => call<WorkerObservation[]>('GET', 'busy_workers', signal),
  page: (
    set: SetName,
    page: number,
    pageSize: number,
    signal?: AbortSignal,
    order: Order = 'asc',
  ) =>
    call<JobPage<SetJob>>(
      'GET',
      `${set}_jobs?page=${page}&page_size=${pageSize}&order=${order}`,
      signal,
    ),
  /** A job by id; `at` (where a listing showed it) makes the lookup O(log n). */
  job: (id: string, signal?: AbortSignal, at?: { set: string; score: string }) =>
    call<FoundJob>(
      'GET',
      `jobs/${seg(id)}${at ? `?set=${seg(at.set)}&score=${seg(at.score)}` : ''}`,
      signal,
    ),
  /** The per-job action of a set: run now / retry (`run`) or delete. */
  act: (set: SetName, action: 'run' | 'delete', score: number, id: string) => {
    const route = {
      retry: { run: 'run_retry_job', delete: 'delete_retry_job' },
      scheduled: { run: 'run_scheduled_job', delete: 'delete_scheduled_job' },
      dead: { run: 'retry_dead_job', delete: 'delete_dead_job' },
    }[set][action];
    return call<{ status: 'ok' }>('POST', `${route}/${score}/${seg(id)}`);
  },
  runAll: (set: 'retry' | 'scheduled') =>
    call<{ moved: number; left: number }>('POST', `run_all_${set}_jobs`),
  deleteAll: (set: 'retry' | 'scheduled') =>
    call<{ deleted: number }>('POST', `delete_all_${set}_jobs`),
  retryAllDead: () => call<RetryDeadResult>('POST', 'retry_all_dead_jobs'),
  deleteAllDead: () => call<{ deleted: number }>('POST', 'delete_all_dead_jobs'),
  pause: (name: string) => call('POST', `pause/${seg(name)}`),
  unpause: (name: string) => call('POST', `unpause/${seg(name)}`),
  deleteQueue: (name: string) =>
    call<{ deleted: number }>('POST', `delete_queue/${seg(name)}?confirm=${seg(name)}`),
};
