/**
 * The admin JSON API, called relative to the page: the UI lives at `<admin path>/ui/`, so
 * `../queues` is `<admin path>/queues` under any sub-path, global prefix or proxy prefix.
 */
import type {
  DeadJob,
  FoundJob,
  JobPage,
  Queue,
  RetryJob,
  ScheduledJobEntry,
  WorkerObservation,
  Stats,
  StatsPoint,
  WorkerPoolHeartbeat,
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
  ScheduledJobEntry,
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

async function call<T>(method: 'GET' | 'POST', path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`../${path}`, {
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

export const api = {
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
  page: (set: SetName, page: number, pageSize: number, signal?: AbortSignal) =>
    call<JobPage<SetJob>>('GET', `${set}_jobs?page=${page}&page_size=${pageSize}`, signal),
  job: (id: string, signal?: AbortSignal) => call<FoundJob>('GET', `jobs/${seg(id)}`, signal),
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
  retryAllDead: () => call<{ requeued: number; unknown: number }>('POST', 'retry_all_dead_jobs'),
  deleteAllDead: () => call<{ deleted: number }>('POST', 'delete_all_dead_jobs'),
  retryDeadByName: (name: string) =>
    call<{ requeued: number; unknown: number }>('POST', `retry_dead_jobs/${seg(name)}`),
  pause: (name: string) => call('POST', `pause/${seg(name)}`),
  unpause: (name: string) => call('POST', `unpause/${seg(name)}`),
  deleteQueue: (name: string) =>
    call<{ deleted: number }>('POST', `delete_queue/${seg(name)}?confirm=${seg(name)}`),
};
