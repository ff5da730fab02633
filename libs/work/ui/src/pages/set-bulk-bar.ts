/**
 * The bulk actions of a set page. Without a filter: "Run all / Retry all" and "Delete all" with
 * the set's size. With one: the match count as it grows, then "Retry 8 matching" and "Delete 8
 * matching", acting server-side on exactly the jobs the filter selects.
 */
import { api, type RetryDeadResult } from '../api';
import { button, h } from '../dom';
import { count } from '../format';
import type { MatchCount } from './set-match-count';
import { movedText, plural, retriedText } from './set-texts';
import { confirmThen, describeFilter, filtering, type SetView } from './set-view';

/** What a retry (dead) or run-now (retry, scheduled) answers. */
type Moved = RetryDeadResult | { moved: number; left: number };

/** The sentence reporting a retry or run-now. */
function movedReport(r: Moved): string {
  return 'requeued' in r ? retriedText(r) : movedText(r);
}

/**
 * The bar's content: nothing when read-only, or without a filter when the set is empty (or its
 * size, `total`, is not known yet); `counted` is the filter's match count so far.
 */
export function bulkBar(view: SetView, counted: MatchCount | null, total?: number): Node | null {
  if (view.ctx.readOnly) return null;
  if (!filtering(view.filter)) return total ? wholeSetBar(view, total) : null;
  return matchingBar(view, counted);
}

function wholeSetBar(view: SetView, total: number): Node {
  const { set, texts } = view;
  const all = `${count(total)} ${texts.noun}`;
  return h(
    'div',
    { class: 'toolbar' },
    button(
      `${texts.runAll} (${count(total)})`,
      () =>
        void confirmThen(
          view,
          `${texts.runAll}?`,
          `All ${all} ${texts.runAllEffect}`,
          texts.runAll,
          (): Promise<Moved> => (set === 'dead' ? api.retryAllDead() : api.runAll(set)),
          movedReport,
        ),
      { 'data-key': 'run-all' },
    ),
    button(
      `Delete all (${count(total)})`,
      () =>
        void confirmThen(
          view,
          `Delete every ${texts.noun}?`,
          `All ${all} are deleted. This cannot be undone.`,
          'Delete all',
          () => (set === 'dead' ? api.deleteAllDead() : api.deleteAll(set)),
          (r) => `Deleted ${plural(r.deleted, 'job')}.`,
        ),
      { class: 'danger', 'data-key': 'delete-all' },
    ),
  );
}

function matchingBar(view: SetView, c: MatchCount | null): Node {
  const { set, texts, filter } = view;
  const ready = c !== null && c.done;
  const n = ready ? c.matched : 0;
  const status = !c
    ? 'Counting matches…'
    : c.done
      ? `${count(c.matched)} of ${count(c.total)} ${texts.noun} match.`
      : `Counting matches: ${count(c.matched)} so far, ${count(c.read)} of ${count(c.total)} read…`;
  const what = describeFilter(filter);
  return h(
    'div',
    { class: 'toolbar' },
    h('span', { class: 'summary', 'data-testid': 'match-count' }, status),
    button(
      ready ? `${texts.runMatching} ${count(n)} matching` : texts.runMatching,
      () =>
        void confirmThen(
          view,
          `${texts.runMatching} ${plural(n, 'matching job')}?`,
          `Only the ${texts.noun} that match ${what} (${count(n)} when counted) ${texts.runAllEffect}`,
          `${texts.runMatching} them`,
          (): Promise<Moved> =>
            set === 'dead' ? api.retryMatchingDead(filter) : api.runMatching(set, filter),
          movedReport,
        ),
      { 'data-key': 'run-matching', disabled: !ready || n === 0 },
    ),
    button(
      ready ? `Delete ${count(n)} matching` : 'Delete matching',
      () =>
        void confirmThen(
          view,
          `Delete ${plural(n, 'matching job')}?`,
          `Only the ${texts.noun} that match ${what} (${count(n)} when counted) are deleted. This cannot be undone.`,
          'Delete them',
          () => api.deleteMatching(set, filter),
          (r) => `Deleted ${plural(r.deleted, 'matching job')}.`,
        ),
      { class: 'danger', 'data-key': 'delete-matching', disabled: !ready || n === 0 },
    ),
  );
}
