/**
 * Retry, Scheduled and Dead: tables with the right time column (retry at, run at, died at),
 * newest first (scheduled: soonest first) with a sort toggle, per-row actions (delete confirmed),
 * row selection with "retry/delete selected", and bulk actions that follow the active filter.
 *
 * A filter (job name and/or text) is applied by the server over the whole set: the page shows the
 * first matches and pages on with the API's cursor, while a background count walks the set in
 * bounded steps. The bulk buttons then read "Retry 8 matching" and act, server-side, on exactly
 * the jobs that filter selects.
 *
 * This file is the page itself (route, filter form, listing); its parts are set-bulk-bar.ts,
 * set-selection.ts, set-table.ts and set-match-count.ts, sharing a {@link SetView}.
 */
import { api, asSetJob, type Order, type SetName } from '../api';
import { h, notice, replace } from '../dom';
import { count } from '../format';
import type { Page, PageContext } from '../page';
import { href } from '../route';
import { pager } from './pager';
import { bulkBar } from './set-bulk-bar';
import { MatchCounter } from './set-match-count';
import { selectionBar } from './set-selection';
import { jobsTable } from './set-table';
import { SET_TEXTS } from './set-texts';
import { describeFilter, filtering, type RowKey, type SetView } from './set-view';

const PAGE_SIZE = 20;

export function setPage(set: SetName, ctx: PageContext): Page {
  const texts = SET_TEXTS[set];
  const params = ctx.route.params;
  const defaultOrder: Order = set === 'scheduled' ? 'asc' : 'desc';
  const order: Order =
    params.get('order') === 'asc' || params.get('order') === 'desc'
      ? (params.get('order') as Order)
      : defaultOrder;
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const cursor = Math.max(0, Number.parseInt(params.get('cursor') ?? '0', 10) || 0);
  let body!: HTMLElement;
  let bulk!: HTMLElement;
  let selectionArea!: HTMLElement;
  let nameSelect!: HTMLSelectElement;

  const view: SetView = {
    set,
    ctx,
    texts,
    order,
    filter: { name: params.get('name') ?? '', q: params.get('q') ?? '' },
    selected: new Map<string, RowKey>(),
    showSelection: () => replace(selectionArea, selectionBar(view)),
    afterAction() {
      view.selected.clear();
      view.showSelection();
      counter.restart(view.filter);
    },
  };
  /** The filter's match count over the whole set; the bulk bar shows it as it grows. */
  const counter = new MatchCounter(set, order, () => showBulk());
  const showBulk = (total?: number) => replace(bulk, bulkBar(view, counter.current, total));

  const routeParams = (extra: Record<string, string | number | undefined> = {}) => ({
    name: view.filter.name,
    q: view.filter.q,
    order: order === defaultOrder ? undefined : order,
    ...extra,
  });

  function sortToggle(): HTMLElement {
    const next: Order = order === 'desc' ? 'asc' : 'desc';
    return h(
      'a',
      {
        class: 'button-link',
        href: href(set, { ...routeParams(), order: next === defaultOrder ? undefined : next }),
        'data-testid': 'sort',
      },
      `Order: ${order === 'desc' ? texts.desc : texts.asc} (switch)`,
    );
  }

  /** The whole set, a page at a time by number. */
  async function showPage(signal: AbortSignal): Promise<void> {
    const result = await api.page(set, page, PAGE_SIZE, signal, order);
    showBulk(result.count);
    if (result.count === 0) return replace(body, notice('empty', texts.empty));
    replace(
      body,
      h('p', { class: 'summary' }, texts.summary(result.count)),
      pager(page, Math.ceil(result.count / PAGE_SIZE), (p) => href(set, routeParams({ page: p }))),
      result.jobs.length
        ? jobsTable(view, result.jobs)
        : notice('empty', `Page ${page} is past the end.`),
    );
  }

  /** The filter's matches from `cursor` on, paged with the API's cursor. */
  async function showMatches(signal: AbortSignal): Promise<void> {
    const step = await api.search(set, view.filter, { cursor, order, limit: PAGE_SIZE }, signal);
    if (!counter.isOf(view.filter)) counter.restart(view.filter);
    else showBulk();
    replace(
      body,
      h(
        'p',
        { class: 'summary' },
        `Jobs matching ${describeFilter(view.filter)}${cursor > 0 ? `, from position ${count(cursor + 1)}` : ''}. `,
        h('a', { href: href(set, { order: routeParams().order }) }, 'Clear the filter'),
      ),
      step.jobs.length
        ? jobsTable(
            view,
            step.jobs.map((j) => asSetJob(set, j)),
          )
        : notice('empty', 'No more jobs match this filter.'),
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Result pages' },
        cursor > 0 ? h('a', { href: href(set, routeParams()) }, 'First matches') : null,
        step.cursor !== null
          ? h('a', { href: href(set, routeParams({ cursor: step.cursor })) }, 'More matches')
          : null,
      ),
    );
  }

  return {
    title: texts.title,
    mount(root) {
      nameSelect = h(
        'select',
        { 'aria-label': 'Filter by job name' },
        h('option', { value: '' }, 'All job names'),
      );
      const searchInput = h('input', {
        type: 'search',
        placeholder: 'Search id, args or error',
        'aria-label': 'Search by id, args or error text',
        value: view.filter.q,
      });
      const apply = () => {
        view.filter = { name: nameSelect.value, q: searchInput.value.trim() };
        location.hash = href(set, routeParams());
      };
      nameSelect.addEventListener('change', apply);
      body = h('div');
      bulk = h('div');
      selectionArea = h('div');
      root.append(
        h(
          'form',
          {
            class: 'toolbar filters',
            role: 'search',
            on: { submit: (e) => (e.preventDefault(), apply()) },
          },
          nameSelect,
          searchInput,
          h('button', { type: 'submit' }, 'Filter'),
          sortToggle(),
        ),
        bulk,
        selectionArea,
        body,
      );
      counter.restart(view.filter);
    },
    async update(signal) {
      const queues = await api.queues(signal);
      const name = view.filter.name;
      const names = [
        ...new Set([...queues.map((q) => q.job_name), ...(name ? [name] : [])]),
      ].sort();
      nameSelect.replaceChildren(
        h('option', { value: '' }, 'All job names'),
        ...names.map((n) => h('option', { value: n, selected: n === name }, n)),
      );
      await (filtering(view.filter) ? showMatches(signal) : showPage(signal));
    },
    destroy() {
      counter.stop();
    },
  };
}
