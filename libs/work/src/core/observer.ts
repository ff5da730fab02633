/**
 * Publishes what each worker slot is doing (spec §7.2): `worker:<workerId>` hashes with job_name,
 * job_id, started_at, args and the last check-in, read by our dashboard and by gocraft's workwebui.
 * Like gocraft, changes are written at most once per interval (a job that starts and ends within
 * one tick may never appear), so observing costs nothing per job on a busy pool. Unlike gocraft, a
 * new job's hash never inherits the previous job's check-in fields.
 */
import type Redis from 'ioredis';
import type { Clock } from './clock';
import { goJson } from './go-json';
import type { Job } from './job';
import type { Keys } from './keys';

/** TTL of an observation hash, as gocraft sets it. */
const OBSERVATION_TTL_SECONDS = 86400;

interface Observation {
  jobName: string;
  jobId: string;
  startedAt: number;
  /** The job, for its args: encoded only if the observation is written (most never are). */
  job: Job;
  checkin: string;
  checkinAt: number;
}

interface Slot {
  current: Observation | null;
  dirty: boolean;
  written: boolean;
}

function argsText(job: Job): string {
  if (job.args === null || Object.keys(job.args).length === 0) return '';
  try {
    return goJson(job.args);
  } catch {
    return '';
  }
}

export class Observer {
  private readonly slots: Slot[];
  private dirty = false;

  constructor(
    private readonly keys: Keys,
    private readonly redis: Redis,
    private readonly clock: Clock,
    private readonly workerIds: readonly string[],
  ) {
    this.slots = workerIds.map(() => ({ current: null, dirty: false, written: false }));
  }

  /** A job started on worker slot `slot`. */
  started(slot: number, job: Job): void {
    this.set(slot, {
      jobName: job.name,
      jobId: job.id,
      startedAt: this.clock.nowSeconds(),
      job,
      checkin: '',
      checkinAt: 0,
    });
  }

  /** The job on `slot` checked in; ignored when another job holds the slot now. */
  checkin(slot: number, jobId: string, message: string): void {
    const current = this.slots[slot].current;
    if (!current || current.jobId !== jobId) return;
    this.set(slot, { ...current, checkin: message, checkinAt: this.clock.nowSeconds() });
  }

  /** The job on `slot` finished. */
  done(slot: number): void {
    this.set(slot, null);
  }

  /** Writes every changed slot in one pipeline. */
  async flush(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    // MULTI so a reader never sees a slot between its DEL and its new fields.
    const pipeline = this.redis.multi();
    this.slots.forEach((slot, i) => {
      if (!slot.dirty) return;
      slot.dirty = false;
      const key = this.keys.worker(this.workerIds[i]);
      const o = slot.current;
      if (slot.written) pipeline.del(key);
      slot.written = o !== null;
      if (!o) return;
      const fields = [
        'job_name',
        o.jobName,
        'job_id',
        o.jobId,
        'started_at',
        String(o.startedAt),
        'args',
        argsText(o.job),
      ];
      if (o.checkin !== '' && o.checkinAt > 0)
        fields.push('checkin', o.checkin, 'checkin_at', String(o.checkinAt));
      pipeline.hset(key, ...fields).expire(key, OBSERVATION_TTL_SECONDS);
    });
    await pipeline.exec();
  }

  private set(slot: number, observation: Observation | null): void {
    const s = this.slots[slot];
    s.current = observation;
    s.dirty = true;
    this.dirty = true;
  }
}
