/**
 * Opt-in enqueue durability: after a job is written, Redis' WAIT holds the reply until that many
 * replicas have the write, or the timeout passes. Replication is asynchronous, so without it a job
 * acknowledged just before a failover can vanish with the old primary (docs/scaling.md measures
 * how many).
 */
import type Redis from 'ioredis';
import { WorkConfigError, WorkError } from './errors';
import type { Job } from './job';

/** How many replicas must confirm each enqueue, and for how long to wait. */
export interface ReplicaWait {
  /** Replicas that must hold the write (1 or more). */
  replicas: number;
  /** Most milliseconds to wait for them (1 or more; WAIT's 0 would wait for ever). */
  timeoutMs: number;
}

/**
 * The job was written to the primary, but fewer replicas than asked confirmed it in time: it is
 * queued now, and would be lost if the primary failed before replicating it.
 */
export class NotReplicatedError extends WorkError {
  override readonly name = 'NotReplicatedError';

  constructor(
    /** The jobs written (queued or scheduled on the primary). */
    readonly jobs: readonly Job[],
    /** Replicas that confirmed the write. */
    readonly confirmed: number,
    /** What was asked. */
    readonly wanted: ReplicaWait,
  ) {
    super(
      `enqueue of ${jobs.length === 1 ? `job "${jobs[0].name}" (${jobs[0].id})` : `${jobs.length} jobs`} ` +
        `reached ${confirmed} of ${wanted.replicas} replica(s) within ${wanted.timeoutMs} ms: ` +
        'it is queued on the primary but would be lost if the primary failed now',
    );
  }
}

/** Checks the `waitForReplicas` option; `false` (the default) turns it off. */
export function checkReplicaWait(owner: string, value: unknown): ReplicaWait | false {
  if (value === undefined || value === false) return false;
  const v = value as ReplicaWait;
  const ok =
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(v.replicas) &&
    v.replicas >= 1 &&
    Number.isInteger(v.timeoutMs) &&
    v.timeoutMs >= 1;
  if (!ok)
    throw new WorkConfigError(
      `${owner} option "waitForReplicas" must be false or { replicas: integer >= 1, timeoutMs: integer >= 1 }, got ${JSON.stringify(value)}`,
    );
  return { replicas: v.replicas, timeoutMs: v.timeoutMs };
}

/**
 * Sends WAIT on the connection that wrote the jobs. `routingKey` (a key of the namespace) makes a
 * Cluster send it to the node that holds the namespace, over the connection the write used.
 * Throws NotReplicatedError when too few replicas confirmed.
 */
export async function waitForReplicas(
  redis: Redis,
  routingKey: string,
  wanted: ReplicaWait,
  jobs: readonly Job[],
): Promise<void> {
  const replies = await redis
    .pipeline()
    .exists(routingKey)
    .wait(wanted.replicas, wanted.timeoutMs)
    .exec();
  const [err, confirmed] = replies?.[1] ?? [new Error('WAIT got no reply'), 0];
  if (err) throw err;
  if ((confirmed as number) < wanted.replicas)
    throw new NotReplicatedError(jobs, confirmed as number, wanted);
}
