/**
 * Retry, Scheduled and Dead: tables with the right time column (retry at, run at, died at),
 * newest first (scheduled: soonest first) with a sort toggle, per-row actions (delete confirmed),
 * row selection with "retry/delete selected", and bulk actions that follow the active filter.
 *
 * A filter (job name and/or text) is applied by the server over the whole set: the page shows the
 * first matches and pages on with the API's cursor, while a background count walks the set in
 * bounded steps. The bulk buttons then read "Retry 8 matching" and act, server-side, on exactly
 * the jobs that filter selects.
 */
import {
  api,
  asSetJob,
  scoreOf,
  type Filter,
  type Order,
  type RetryDeadResult,
  type SetJob,
  type SetName,
} from '../api';
import { confirmAction } from '../dialog';
import { button, h, notice, replace, table } from '../dom';
import { argsCell, count, time } from '../format';
import { runAction, type Page, type PageContext } from '../page';
import { href } from '../route';
import { pager } from './pager';
import { SET_TEXTS, movedText, plural, retriedText } from './set-texts';

const PAGE_SIZE = 20;

/** What a retry (dead) or run-now (retry, scheduled) answers. */
type Moved = RetryDeadResult | { moved: number; left: number };

/** A row's identity for selection: its score and id (what the per-job routes take). */
interface RowKey {
  score: number;
  id: string;
  name: string;
}

export function setPage(set: SetName, ctx: PageContext): Page {
  const texts = SET_TEXTS[set];
  const params = ctx.route.params;
  const defaultOrder: Order = set === 'scheduled' ? 'asc' : 'desc';
  const order: Order =
    params.get('order') === 'asc' || params.get('order') === 'desc'
      ? (params.get('order') as Order)
      : defaultOrder;
  let filter: Filter = { name: params.get('name') ?? '', q: params.get('q') ?? '' };
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const cursor = Math.max(0, Number.parseInt(params.get('cursor') ?? '0', 10) || 0);
  const selected = new Map<string, RowKey>();
  let body!: HTMLElement;
  let bulk!: HTMLElement;
  let selectionBar!: HTMLElement;
  let nameSelect!: HTMLSelectElement;
  /** The count of the active filter over the whole set, filled in by {@link countMatches}. */
  let counted: { key: string; matched: number; read: number; total: number; done: boolean } | null =
    null;
  let counting: AbortController | null = null;

  const filtering = () => filter.name !== '' || filter.q !== '';
  const filterKey = () => JSON.stringify(filter);
  const routeParams = (extra: Record<string, string | number | undefined> = {}) => ({
    name: filter.name,
    q: filter.q,
    order: order === defaultOrder ? undefined : order,
    ...extra,
  });

  /** Walks the whole set with the filter, a bounded step at a time, updating the bulk bar. */
  async function countMatches(signal: AbortSignal): Promise<void> {
    const key = filterKey();
    counted = { key, matched: 0, read: 0, total: 0, done: false };
    let next: number | null = 0;
    while (next !== null) {
      const step = await api.search(set, filter, { cursor: next, order, limit: 0 }, signal);
      if (counted?.key !== key) return;
      counted.matched += step.matched;
      counted.read += step.scanned;
      counted.total = step.total;
      next = step.cursor;
      showBulk();
    }
    counted.done = true;
    showBulk();
  }

  function restartCount(): void {
    counting?.abort();
    counted = null;
    if (!filtering()) return;
    counting = new AbortController();
    countMatches(counting.signal).catch(() => undefined);
  }

  function afterAction(): void {
    selected.clear();
    showSelection();
    restartCount();
  }

  async function confirmThen<T>(
    title: string,
    message: string,
    label: string,
    action: () => Promise<T>,
    done: (result: T) => string,
  ): Promise<void> {
    if (!(await confirmAction({ title, message, confirmLabel: label }))) return;
    await runAction(ctx, action, done);
    afterAction();
  }

  function showBulk(total?: number): void {
    if (ctx.readOnly) return replace(bulk);
    if (!filtering()) {
      if (!total) return replace(bulk);
      const all = `${count(total)} ${texts.noun}`;
      replace(
        bulk,
        h(
          'div',
          { class: 'toolbar' },
          button(
            `${texts.runAll} (${count(total)})`,
            () =>
              void confirmThen(
                `${texts.runAll}?`,
                `All ${all} ${texts.runAllEffect}`,
                texts.runAll,
                (): Promise<Moved> => (set === 'dead' ? api.retryAllDead() : api.runAll(set)),
                (r) => ('requeued' in r ? retriedText(r) : movedText(r)),
              ),
            { 'data-key': 'run-all' },
          ),
          button(
            `Delete all (${count(total)})`,
            () =>
              void confirmThen(
                `Delete every ${texts.noun}?`,
                `All ${all} are deleted. This cannot be undone.`,
                'Delete all',
                () => (set === 'dead' ? api.deleteAllDead() : api.deleteAll(set)),
                (r) => `Deleted ${plural(r.deleted, 'job')}.`,
              ),
            { class: 'danger', 'data-key': 'delete-all' },
          ),
        ),
      );
      return;
    }
    const c = counted;
    const ready = c !== null && c.done;
    const n = ready ? c.matched : 0;
    const status = !c
      ? 'Counting matches…'
      : c.done
        ? `${count(c.matched)} of ${count(c.total)} ${texts.noun} match.`
        : `Counting matches: ${count(c.matched)} so far, ${count(c.read)} of ${count(c.total)} read…`;
    const what = describe();
    replace(
      bulk,
      h(
        'div',
        { class: 'toolbar' },
        h('span', { class: 'summary', 'data-testid': 'match-count' }, status),
        button(
          ready ? `${texts.runMatching} ${count(n)} matching` : texts.runMatching,
          () =>
            void confirmThen(
              `${texts.runMatching} ${plural(n, 'matching job')}?`,
              `Only the ${texts.noun} that match ${what} (${count(n)} when counted) ${texts.runAllEffect}`,
              `${texts.runMatching} them`,
              (): Promise<Moved> =>
                set === 'dead' ? api.retryMatchingDead(filter) : api.runMatching(set, filter),
              (r) => ('requeued' in r ? retriedText(r) : movedText(r)),
            ),
          { 'data-key': 'run-matching', disabled: !ready || n === 0 },
        ),
        button(
          ready ? `Delete ${count(n)} matching` : 'Delete matching',
          () =>
            void confirmThen(
              `Delete ${plural(n, 'matching job')}?`,
              `Only the ${texts.noun} that match ${what} (${count(n)} when counted) are deleted. This cannot be undone.`,
              'Delete them',
              () => api.deleteMatching(set, filter),
              (r) => `Deleted ${plural(r.deleted, 'matching job')}.`,
            ),
          { class: 'danger', 'data-key': 'delete-matching', disabled: !ready || n === 0 },
        ),
      ),
    );
  }

  function describe(): string {
    const parts = [];
    if (filter.name) parts.push(`name ${filter.name}`);
    if (filter.q) parts.push(`“${filter.q}”`);
    return parts.join(' and ');
  }

  function showSelection(): void {
    if (selected.size === 0) return replace(selectionBar);
    const rows = [...selected.values()];
    const each = async (action: 'run' | 'delete'): Promise<string> => {
      let ok = 0;
      const failures: string[] = [];
      for (const r of rows) {
        try {
          await api.act(set, action, r.score, r.id);
          ok++;
        } catch (err) {
          failures.push(`${r.id}: ${(err as Error).message}`);
        }
      }
      const verb = action === 'delete' ? 'Deleted' : texts.runDone;
      return `${verb} ${ok} of ${plural(rows.length, 'selected job')}.${failures.length ? ` Failed: ${failures.join('; ')}` : ''}`;
    };
    const act = async (action: 'run' | 'delete') => {
      const label = action === 'delete' ? 'Delete' : texts.run;
      if (
        !(await confirmAction({
          title: `${label} ${plural(rows.length, 'selected job')}?`,
          message:
            action === 'delete'
              ? 'The selected jobs are deleted. This cannot be undone.'
              : `The selected jobs ${texts.runAllEffect}`,
          confirmLabel: label,
        }))
      )
        return;
      await runAction(
        ctx,
        () => each(action),
        (message) => message,
      );
      afterAction();
    };
    replace(
      selectionBar,
      h(
        'div',
        { class: 'toolbar selection', role: 'region', 'aria-label': 'Selected jobs' },
        h('span', { 'data-testid': 'selected-count' }, `${count(rows.length)} selected`),
        button(`${texts.run} selected`, () => void act('run'), { 'data-key': 'run-selected' }),
        button('Delete selected', () => void act('delete'), {
          class: 'danger',
          'data-key': 'delete-selected',
        }),
        button('Clear selection', () => (selected.clear(), showSelection(), ctx.refresh()), {
          'data-key': 'clear-selection',
        }),
      ),
    );
  }

  function jobRow(job: SetJob): HTMLTableRowElement {
    const score = scoreOf(set, job);
    const key = `${score}:${job.id}`;
    const label = `${job.name || '(unreadable)'} ${job.id}`;
    const cells: Array<Node | string> = [];
    if (!ctx.readOnly) {
      const box = h('input', {
        type: 'checkbox',
        'aria-label': `Select ${label}`,
        'data-key': `select:${key}`,
        class: 'select-row',
      });
      box.checked = selected.has(key);
      box.addEventListener('change', () => {
        if (box.checked) selected.set(key, { score, id: job.id, name: job.name });
        else selected.delete(key);
        showSelection();
      });
      cells.push(box);
    }
    cells.push(
      h(
        'a',
        { href: href('jobs', { set, score }, job.id), class: 'job-link' },
        h('strong', {}, job.name || '(unreadable)'),
        h('code', { class: 'small id' }, job.id),
      ),
      argsCell(job.raw !== undefined ? job.raw : job.args, job.raw !== undefined),
      job.err ? h('span', { class: 'err' }, job.err) : h('span', { class: 'muted' }, '—'),
      count(job.fails),
      time(score),
    );
    if (!ctx.readOnly) {
      cells.push(
        h(
          'div',
          { class: 'row-actions' },
          button(
            texts.run,
            () =>
              void runAction(
                ctx,
                () => api.act(set, 'run', score, job.id),
                `${texts.runDone} ${label}.`,
              ).then(afterAction),
            { 'data-key': `run:${key}`, 'aria-label': `${texts.run} ${label}` },
          ),
          button(
            'Delete',
            () =>
              void confirmThen(
                `Delete ${label}?`,
                `This ${texts.noun.replace(/s$/, '')} is deleted. This cannot be undone.`,
                'Delete',
                () => api.act(set, 'delete', score, job.id),
                () => `Deleted ${label}.`,
              ),
            { class: 'danger', 'data-key': `delete:${key}`, 'aria-label': `Delete ${label}` },
          ),
        ),
      );
    }
    const tr = h('tr', {}, ...cells.map((cell) => h('td', {}, cell)));
    tr.dataset.job = job.id;
    return tr;
  }

  function jobsTable(jobs: SetJob[]): HTMLElement {
    const columns = ['Job', 'Arguments', 'Error', 'Fails', texts.time];
    if (ctx.readOnly) return table(texts.title, columns, jobs.map(jobRow));
    const all = h('input', { type: 'checkbox', 'aria-label': 'Select every job on this page' });
    const rows = jobs.map(jobRow);
    all.checked = jobs.length > 0 && jobs.every((j) => selected.has(`${scoreOf(set, j)}:${j.id}`));
    all.addEventListener('change', () => {
      for (const job of jobs) {
        const score = scoreOf(set, job);
        const key = `${score}:${job.id}`;
        if (all.checked) selected.set(key, { score, id: job.id, name: job.name });
        else selected.delete(key);
      }
      for (const box of rows.map((r) => r.querySelector<HTMLInputElement>('.select-row')))
        if (box) box.checked = all.checked;
      showSelection();
    });
    const wrap = table(texts.title, ['', ...columns, 'Actions'], rows);
    wrap.querySelector('thead th')?.replaceChildren(all);
    return wrap;
  }

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
        value: filter.q,
      });
      const apply = () => {
        filter = { name: nameSelect.value, q: searchInput.value.trim() };
        location.hash = href(set, routeParams());
      };
      nameSelect.addEventListener('change', apply);
      body = h('div');
      bulk = h('div');
      selectionBar = h('div');
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
        selectionBar,
        body,
      );
      restartCount();
    },
    async update(signal) {
      const queues = await api.queues(signal);
      const names = [
        ...new Set([...queues.map((q) => q.job_name), ...(filter.name ? [filter.name] : [])]),
      ].sort();
      nameSelect.replaceChildren(
        h('option', { value: '' }, 'All job names'),
        ...names.map((n) => h('option', { value: n, selected: n === filter.name }, n)),
      );
      if (!filtering()) {
        const result = await api.page(set, page, PAGE_SIZE, signal, order);
        showBulk(result.count);
        if (result.count === 0) return replace(body, notice('empty', texts.empty));
        replace(
          body,
          h('p', { class: 'summary' }, texts.summary(result.count)),
          pager(page, Math.ceil(result.count / PAGE_SIZE), (p) =>
            href(set, routeParams({ page: p })),
          ),
          result.jobs.length
            ? jobsTable(result.jobs)
            : notice('empty', `Page ${page} is past the end.`),
        );
        return;
      }
      const step = await api.search(set, filter, { cursor, order, limit: PAGE_SIZE }, signal);
      if (counted === null || counted.key !== filterKey()) restartCount();
      else showBulk();
      replace(
        body,
        h(
          'p',
          { class: 'summary' },
          `Jobs matching ${describe()}${cursor > 0 ? `, from position ${count(cursor + 1)}` : ''}. `,
          h('a', { href: href(set, { order: routeParams().order }) }, 'Clear the filter'),
        ),
        step.jobs.length
          ? jobsTable(step.jobs.map((j) => asSetJob(set, j)))
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
    },
    destroy() {
      counting?.abort();
    },
  };
}
