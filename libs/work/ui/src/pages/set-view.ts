/**
 * What the parts of a Retry, Scheduled or Dead page (bulk bar, selection bar, job table) share:
 * which set, in which order, under which filter, which rows are selected, and how an action is
 * confirmed and followed up.
 */
import type { Filter, Order, SetName } from '../api';
import { confirmAction } from '../dialog';
import { runAction, type PageContext } from '../page';
import type { SetTexts } from './set-texts';

/** A row's identity for selection: its score and id (what the per-job routes take). */
export interface RowKey {
  score: number;
  id: string;
  name: string;
}

export interface SetView {
  readonly set: SetName;
  readonly ctx: PageContext;
  readonly texts: SetTexts;
  readonly order: Order;
  /** The filter the page shows: from the route, then what the filter form applies. */
  filter: Filter;
  /** The rows ticked for "retry/delete selected", by {@link rowKey}. */
  readonly selected: Map<string, RowKey>;
  /** Redraws the selection bar after the selection changed. */
  showSelection(): void;
  /** Clears the selection and recounts the matches: what every action is followed by. */
  afterAction(): void;
}

/** The selection key of a row. */
export function rowKey(score: number, id: string): string {
  return `${score}:${id}`;
}

/** Whether the filter selects less than the whole set. */
export function filtering(filter: Filter): boolean {
  return filter.name !== '' || filter.q !== '';
}

/** The filter in words: `name sms and “timeout”`. */
export function describeFilter(filter: Filter): string {
  const parts = [];
  if (filter.name) parts.push(`name ${filter.name}`);
  if (filter.q) parts.push(`“${filter.q}”`);
  return parts.join(' and ');
}

/** Asks for confirmation, runs the action, reports its result and follows up ({@link SetView.afterAction}). */
export async function confirmThen<T>(
  view: SetView,
  title: string,
  message: string,
  label: string,
  action: () => Promise<T>,
  done: (result: T) => string,
): Promise<void> {
  if (!(await confirmAction({ title, message, confirmLabel: label }))) return;
  await runAction(view.ctx, action, done);
  view.afterAction();
}
