/** What every page implements, and what the shell gives it. */
import type { Route } from './route';

export interface PageContext {
  route: Route;
  /** Whether the admin API is read-only: pages then show no actions. */
  readOnly: boolean;
  /** Fetches again now (after an action). */
  refresh(): void;
  /** Shows a short message in the status area (role=status, or alert for errors). */
  flash(message: string, kind?: 'ok' | 'error'): void;
}

export interface Page {
  /** The document title and heading. */
  title: string;
  /** Builds the parts that do not change on refresh (toolbars, inputs). */
  mount(root: HTMLElement): void;
  /**
   * Fetches and redraws the data; aborted when the route changes. Resolves to 'done' when there
   * is nothing left to refresh (the shell then stops auto-refreshing this page).
   */
  update(signal: AbortSignal): Promise<void | 'done'>;
  /** Releases anything the page holds (a chart). */
  destroy?(): void;
}

/** Runs an action, reports its result (`done` turns the API's answer into a sentence), then refreshes. */
export async function runAction<T>(
  ctx: PageContext,
  what: () => Promise<T>,
  done: string | ((result: T) => string),
): Promise<void> {
  try {
    const result = await what();
    ctx.flash(typeof done === 'string' ? done : done(result), 'ok');
  } catch (err) {
    ctx.flash((err as Error).message, 'error');
  }
  ctx.refresh();
}
