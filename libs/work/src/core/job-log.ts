/**
 * Per-job log lines, built on job events: every failure once (with where the job goes next), and
 * start/finish lines at debug level. A retry is expected, so it logs a warning without a stack;
 * only a job that dies or is discarded logs its stack, once.
 */
import type { JobEvent, JobEventListener } from './job-events';
import type { WorkLogger } from './logger';
import { failureMessage } from './run';

/** `job "name" <id> attempt N`: who the line is about. */
function subject(event: JobEvent, attempt: number): string {
  return `job "${event.job.name}" ${event.job.id} attempt ${attempt}`;
}

/** Where a failed job goes next, in words. */
function nextStep(event: JobEvent): string {
  switch (event.type) {
    case 'retry': {
      const at = event.retryAt ?? 0;
      return `retry at ${new Date(at * 1000).toISOString()}`;
    }
    case 'dead':
      return 'moved to the dead set';
    default:
      return 'discarded (skipDead)';
  }
}

function stackOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}

/**
 * A job-event listener that logs through `logger`: failures with `warn` (retry) or `error` (dead,
 * discarded), start and success with `debug` when the logger has it and (by `debugEnabled`) prints
 * it now. `timedOut` is not logged on its own: the fate event that follows it carries the
 * timeout's message.
 */
export function jobLogListener(logger: WorkLogger): JobEventListener {
  const debug = logger.debug?.bind(logger);
  const enabled = logger.debugEnabled?.bind(logger) ?? (() => true);
  return (event) => {
    switch (event.type) {
      case 'started':
        if (debug && enabled()) debug(`${subject(event, event.job.fails + 1)} started`);
        return;
      case 'succeeded':
        if (debug && enabled())
          debug(`${subject(event, event.job.fails + 1)} succeeded in ${event.durationMs ?? 0} ms`);
        return;
      case 'timedOut':
        return;
      case 'retry':
        logger.warn(
          `${subject(event, event.job.fails)} failed: ${failureMessage(event.error)}; ${nextStep(event)}`,
        );
        return;
      default:
        logger.error(
          `${subject(event, event.job.fails)} failed: ${failureMessage(event.error)}; ${nextStep(event)}`,
          stackOf(event.error),
        );
    }
  };
}
