/** What every page implements, and what the shell gives it. */
import type { Route } from './route';

export interface PageContext {
  route: Route;
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
  /** Fetches and redraws the data; aborted when the route changes. */
  update(signal: AbortSignal): Promise<void>;
  /** Releases anything the page holds (a chart). */
  destroy?(): void;
}

/** Runs an action, reports its result, then refreshes. */
export async function runAction(
  ctx: PageContext,
  what: () => Promise<unknown>,
  done: string,
): Promise<void> {
  try {
    await what();
    ctx.flash(done, 'ok');
  } catch (err) {
    ctx.flash((err as Error).message, 'error');
  }
  ctx.refresh();
}
