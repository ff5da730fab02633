/**
 * Per-job-type options (spec §6.1) with gocraft's defaults and validation, plus our timeout.
 */
import { BackoffCalculator } from './backoff';
import { WorkConfigError, invalidOptionMessage, invalidPriorityMessage } from './errors';

/** Options of one job type on a worker pool. */
export interface JobOptions {
  /** Relative weight when several queues have work: 1..100000. Default 1. */
  priority?: number;
  /** Total attempts before the job is dead (or dropped with skipDead). Default 4. */
  maxFails?: number;
  /** Drop the job after its last failure instead of adding it to the dead set. Default false. */
  skipDead?: boolean;
  /**
   * Most jobs of this name in flight across every pool on the namespace; 0 = unlimited. Default 0.
   * The limit is one shared key that every pool, Go's included, overwrites at start: the last
   * pool to start wins (a warning says so; docs/interop.md).
   */
  maxConcurrency?: number;
  /** Seconds until the next attempt; default gocraft's fails^4 + 15 + rand(0..29)*(fails+1). */
  backoff?: BackoffCalculator;
  /**
   * Milliseconds a run may take. At the deadline the handler's AbortSignal fires and the job fails
   * through the normal retry/dead path; the worker slot stays busy until the handler settles.
   * 0 or absent = no timeout.
   */
  timeoutMs?: number;
}

/** Options with defaults applied. */
export interface ResolvedJobOptions {
  priority: number;
  maxFails: number;
  skipDead: boolean;
  maxConcurrency: number;
  backoff: BackoffCalculator | null;
  timeoutMs: number;
}

const MAX_PRIORITY = 100000;

function nonNegativeInteger(
  jobName: string,
  option: string,
  value: unknown,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new WorkConfigError(
      invalidOptionMessage(
        `JobOptions.${option} of job "${jobName}"`,
        'a non-negative integer',
        value,
      ),
    );
  }
  return value;
}

/** Applies gocraft's defaults (priority 0 -> 1, maxFails 0 -> 4) and rejects invalid values. */
export function resolveJobOptions(jobName: string, options: JobOptions = {}): ResolvedJobOptions {
  const priority = options.priority ?? 1;
  if (
    typeof priority !== 'number' ||
    !Number.isInteger(priority) ||
    priority < 0 ||
    priority > MAX_PRIORITY
  ) {
    throw new WorkConfigError(invalidPriorityMessage(jobName, options.priority));
  }
  if (options.backoff !== undefined && typeof options.backoff !== 'function') {
    throw new WorkConfigError(
      invalidOptionMessage(
        `JobOptions.backoff of job "${jobName}"`,
        'a function',
        typeof options.backoff,
      ),
    );
  }
  if (options.skipDead !== undefined && typeof options.skipDead !== 'boolean') {
    throw new WorkConfigError(
      invalidOptionMessage(
        `JobOptions.skipDead of job "${jobName}"`,
        'a boolean',
        options.skipDead,
      ),
    );
  }
  const maxFails = nonNegativeInteger(jobName, 'maxFails', options.maxFails, 0);
  return {
    priority: priority === 0 ? 1 : priority,
    maxFails: maxFails === 0 ? 4 : maxFails,
    skipDead: options.skipDead ?? false,
    maxConcurrency: nonNegativeInteger(jobName, 'maxConcurrency', options.maxConcurrency, 0),
    backoff: options.backoff ?? null,
    timeoutMs: nonNegativeInteger(jobName, 'timeoutMs', options.timeoutMs, 0),
  };
}
