/**
 * Checks of the Client's parameters, so a bad value (often straight from an HTTP request) fails
 * with a message naming it instead of reaching Redis.
 */
import { ListOrder, MAX_PAGE_SIZE } from './client-types';
import { invalidOptionMessage, WorkConfigError } from './errors';

/** A page number: 0 and 1 both mean the first page, as in gocraft. */
export function pageOf(page: number): number {
  if (!Number.isInteger(page) || page < 0) {
    throw new WorkConfigError(
      invalidOptionMessage('page', 'a non-negative integer (1 is the first page)', page),
    );
  }
  return Math.max(1, page);
}

/** A page size of at least 1; sizes above {@link MAX_PAGE_SIZE} are cut to it. */
export function pageSizeOf(value: number, option: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new WorkConfigError(
      invalidOptionMessage(option, `an integer from 1 to ${MAX_PAGE_SIZE}`, value),
    );
  }
  return Math.min(value, MAX_PAGE_SIZE);
}

/** A retention limit: a non-negative integer, or Infinity for none. */
export function checkLimit(value: number, option: string): void {
  if (value === Infinity) return;
  if (!Number.isInteger(value) || value < 0) {
    throw new WorkConfigError(
      invalidOptionMessage(option, 'a non-negative integer or Infinity', value),
    );
  }
}

/** A zset score: always an integer epoch in seconds in gocraft's sets. */
export function checkScore(value: number, option: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new WorkConfigError(invalidOptionMessage(option, 'an integer epoch in seconds', value));
  }
}

/** A job id to look for. `allowEmpty` is for deletion, where '' names an unreadable member. */
export function checkId(id: string, allowEmpty = false): void {
  if (typeof id !== 'string' || (id === '' && !allowEmpty)) {
    throw new WorkConfigError(invalidOptionMessage('id', 'a non-empty job id', id));
  }
}

export { checkJobName } from './job-name';
/** An integer in `[min, max]`, named in the error otherwise. */
export function boundedInt(value: number, option: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new WorkConfigError(
      invalidOptionMessage(option, `an integer from ${min} to ${max}`, value),
    );
  }
  return value;
}

/** A listing order: 'asc' or 'desc'. */
export function orderOf(order: string): ListOrder {
  if (order !== 'asc' && order !== 'desc') {
    throw new WorkConfigError(invalidOptionMessage('order', '"asc" or "desc"', order));
  }
  return order;
}
