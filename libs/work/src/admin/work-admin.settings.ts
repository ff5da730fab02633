/** The admin mount's own settings (from `admin: { … }`), injected where the API enforces them. */

/** Token of {@link WorkAdminSettings}. */
export const WORK_ADMIN_SETTINGS = 'WORK_ADMIN_SETTINGS';

/** What the admin mount was configured with. */
export interface WorkAdminSettings {
  /** Refuse every mutating route with 403; the dashboard hides its actions. */
  readOnly: boolean;
}

/** 403 of a mutating route when the admin API is read-only. */
export const READ_ONLY_REFUSED = 'read-only: this admin API does not change jobs';

/** 503 when Redis cannot be reached or did not answer in time. */
export function redisUnavailableMessage(detail: string): string {
  return `Redis unavailable: ${detail}`;
}

/** Longest a read of the admin API waits for Redis before answering 503. */
export const ADMIN_READ_DEADLINE_MS = 4000;
