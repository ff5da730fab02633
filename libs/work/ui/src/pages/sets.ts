/**
 * Retry, Scheduled and Dead: paged tables with the right time column (retry at, run at, died at),
 * per-row actions, and for dead jobs retry-all / delete-all / retry-all-of-a-name.
 *
 * Filtering by job name or searching id/args text needs the whole set, which the API only pages:
 * the page then scans up to SCAN_LIMIT jobs in pages of 1000 (cancellable), and says when it
 * stopped short.
 */
import { api, scoreOf, type SetJob, type SetName } from '../api';
import { confirmAction } from '../dialog';
import { button, h, notice, replace, row, table } from '../dom';
import { argsText, count, time } from '../format';
import { runAction, type Page, type PageContext } from '../page';
import { href, replaceParams } from '../route';

const PAGE_SIZE = 20;
const SCAN_PAGE = 1000;
/** At most this many jobs are read for one filtered view (10 requests). */
export const SCAN_LIMIT = 10_000;

const SETS: Record<
  SetName,
  { title: string; time: string; run: string; summary: (n: number) => string; empty: string }
> = {
  retry: {
    title: 'Retry',
    time: 'Retry at',
    run: 'Run now',
    summary: (n) => `${count(n)} job(s) scheduled to be retried.`,
    empty:
      'No job is waiting to be retried. A job that fails with retries left lands here with its error, until its retry time.',
  },
  scheduled: {
    title: 'Scheduled',
    time: 'Run at',
    run: 'Run now',
    summary: (n) => `${count(n)} job(s) scheduled.`,
    empty:
      'No job is scheduled. Jobs enqueued with a delay (enqueueIn / enqueueAt) wait here until their time.',
  },
  dead: {
    title: 'Dead',
    time: 'Died at',
    run: 'Retry',
    summary: (n) => `${count(n)} job(s) are dead.`,
    empty:
      'No dead jobs. A job that fails more times than its maxFails allows (or is malformed) ends up here.',
  },
};

/** gocraft's pager: first, last, current ±1, with ".." for gaps. */
function pager(
  set: SetName,
  page: number,
  pages: number,
  params: Record<string, string>,
): HTMLElement | null {
  if (pages <= 1) return null;
  const wanted = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const items: HTMLElement[] = [];
  let prev = 0;
  for (const p of wanted) {
    if (p - prev > 1) items.push(h('li', { 'aria-hidden': 'true' }, '..'));
    items.push(
      h(
        'li',
        {},
        p === page
          ? h('span', { 'aria-current': 'page', class: 'current' }, String(p))
          : h(
              'a',
              { href: href(set, { ...params, page: p }), 'aria-label': `Page ${p}` },
              String(p),
            ),
      ),
    );
    prev = p;
  }
  return h('nav', { class: 'pager', 'aria-label': 'Pages' }, h('ul', {}, ...items));
}

function matches(job: SetJob, name: string, search: string): boolean {
  if (name && job.name !== name) return false;
  if (!search) return true;
  const needle = search.toLowerCase();
  return (
    job.id.toLowerCase().includes(needle) ||
    argsText(job.args).toLowerCase().includes(needle) ||
    job.err.toLowerCase().includes(needle)
  );
}

export function setPage(set: SetName, ctx: PageContext): Page {
  const meta = SETS[set];
  const params = ctx.route.params;
  let name = params.get('name') ?? '';
  let search = params.get('q') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  let body!: HTMLElement;
  let bulk!: HTMLElement;
  let nameSelect!: HTMLSelectElement;
  let scanAbort: AbortController | null = null;

  const filterParams = () => ({ name, q: search });

  async function scan(
    signal: AbortSignal,
    onProgress: (read: number, total: number) => void,
  ): Promise<{ jobs: SetJob[]; total: number; read: number }> {
    const found: SetJob[] = [];
    let read = 0;
    let total = 0;
    for (let p = 1; read < SCAN_LIMIT; p++) {
      const chunk = await api.page(set, p, SCAN_PAGE, signal);
      total = chunk.count;
      read += chunk.jobs.length;
      found.push(...chunk.jobs.filter((job) => matches(job, name, search)));
      onProgress(read, total);
      if (chunk.jobs.length < SCAN_PAGE || read >= total) break;
    }
    return { jobs: found, total, read };
  }

  function jobRow(job: SetJob): HTMLTableRowElement {
    const score = scoreOf(set, job);
    const key = `${score}:${job.id}`;
    const tr = row(
      h(
        'a',
        { href: href('jobs', {}, job.id) },
        h('strong', {}, job.name || '(unreadable)'),
        h('br'),
        h('code', { class: 'small' }, job.id),
      ),
      h('code', { class: 'args' }, job.raw !== undefined ? job.raw : argsText(job.args)),
      job.err ? h('span', { class: 'err' }, job.err) : h('span', { class: 'muted' }, '—'),
      count(job.fails),
      time(score),
      h(
        'div',
        { class: 'row-actions' },
        button(
          meta.run,
          () =>
            void runAction(
              ctx,
              () => api.act(set, 'run', score, job.id),
              `${meta.run}: ${job.name} ${job.id}.`,
            ),
          { 'data-key': `run:${key}`, 'aria-label': `${meta.run} ${job.name} ${job.id}` },
        ),
        button(
          'Delete',
          () =>
            void runAction(
              ctx,
              () => api.act(set, 'delete', score, job.id),
              `Deleted ${job.name} ${job.id}.`,
            ),
          {
            class: 'danger',
            'data-key': `delete:${key}`,
            'aria-label': `Delete ${job.name} ${job.id}`,
          },
        ),
      ),
    );
    tr.dataset.job = job.id;
    return tr;
  }

  function bulkActions(total: number): HTMLElement | null {
    if (total === 0) return null;
    if (set !== 'dead') {
      const which = set;
      const noun = which === 'retry' ? 'retry' : 'scheduled';
      return h(
        'div',
        { class: 'toolbar' },
        button(
          'Run all now',
          () =>
            void confirmThen(
              `Run every ${noun} job now?`,
              `All ${count(total)} ${noun} job(s) go to their queues now (jobs whose name no pool knows stay).`,
              'Run all now',
              () => api.runAll(which),
            ),
          { 'data-key': 'run-all' },
        ),
        button(
          'Delete all',
          () =>
            void confirmThen(
              `Delete every ${noun} job?`,
              `All ${count(total)} ${noun} job(s) are deleted. This cannot be undone.`,
              'Delete all',
              () => api.deleteAll(which),
            ),
          { class: 'danger', 'data-key': 'delete-all' },
        ),
      );
    }
    return h(
      'div',
      { class: 'toolbar' },
      name
        ? button(
            `Retry all ${name}`,
            () =>
              void confirmThen(
                `Retry every dead ${name} job?`,
                `Every dead job named ${name} goes back to its queue.`,
                'Retry them',
                () => api.retryDeadByName(name),
              ),
            { 'data-key': 'retry-name' },
          )
        : null,
      button(
        'Retry all',
        () =>
          void confirmThen(
            'Retry every dead job?',
            `All ${count(total)} dead job(s) go back to their queues (jobs whose name no pool knows stay dead).`,
            'Retry all',
            () => api.retryAllDead(),
          ),
        { 'data-key': 'retry-all' },
      ),
      button(
        'Delete all',
        () =>
          void confirmThen(
            'Delete every dead job?',
            `All ${count(total)} dead job(s) are deleted. This cannot be undone.`,
            'Delete all',
            () => api.deleteAllDead(),
          ),
        { class: 'danger', 'data-key': 'delete-all' },
      ),
    );
  }

  async function confirmThen(
    title: string,
    message: string,
    label: string,
    action: () => Promise<unknown>,
  ): Promise<void> {
    if (await confirmAction({ title, message, confirmLabel: label }))
      await runAction(ctx, action, `${label}: done.`);
  }

  return {
    title: meta.title,
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
        value: search,
      });
      const apply = () => {
        name = nameSelect.value;
        search = searchInput.value.trim();
        replaceParams(filterParams());
        ctx.refresh();
      };
      nameSelect.addEventListener('change', apply);
      searchInput.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') apply();
      });
      body = h('div');
      bulk = h('div');
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
        ),
        bulk,
        body,
      );
    },
    async update(signal) {
      const queues = await api.queues(signal);
      const names = [
        ...new Set([...queues.map((q) => q.job_name), ...(name ? [name] : [])]),
      ].sort();
      nameSelect.replaceChildren(
        h('option', { value: '' }, 'All job names'),
        ...names.map((n) => h('option', { value: n, selected: n === name }, n)),
      );
      if (!name && !search) {
        const result = await api.page(set, page, PAGE_SIZE, signal);
        replace(bulk, bulkActions(result.count));
        if (result.count === 0) return replace(body, notice('empty', meta.empty));
        replace(
          body,
          h('p', { class: 'summary' }, meta.summary(result.count)),
          pager(set, page, Math.ceil(result.count / PAGE_SIZE), filterParams()),
          result.jobs.length
            ? table(
                meta.title,
                ['Job', 'Arguments', 'Error', 'Fails', meta.time, 'Actions'],
                result.jobs.map(jobRow),
              )
            : notice('empty', `Page ${page} is past the end.`),
        );
        return;
      }
      scanAbort?.abort();
      scanAbort = new AbortController();
      const local = scanAbort;
      signal.addEventListener('abort', () => local.abort());
      const progress = h('span', {}, 'Searching…');
      replace(
        bulk,
        h(
          'div',
          { class: 'toolbar' },
          progress,
          button('Cancel search', () => local.abort(), { 'data-key': 'cancel-scan' }),
        ),
      );
      let scanned;
      try {
        scanned = await scan(
          local.signal,
          (read, total) => (progress.textContent = `Searched ${count(read)} of ${count(total)}…`),
        );
      } catch (err) {
        if ((err as Error).name !== 'AbortError' || signal.aborted) throw err;
        replace(
          bulk,
          notice('info', 'Search cancelled. ', h('a', { href: href(set) }, 'Clear the filter')),
        );
        return;
      }
      const { jobs, total, read } = scanned;
      replace(bulk, bulkActions(total));
      const pages = Math.ceil(jobs.length / PAGE_SIZE);
      const shown = jobs.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      replace(
        body,
        h(
          'p',
          { class: 'summary' },
          `${count(jobs.length)} of ${count(total)} job(s) match`,
          name ? ` name ${name}` : '',
          search ? ` and “${search}”` : '',
          '. ',
          read < total
            ? h(
                'strong',
                {},
                `Only the first ${count(read)} were searched (limit ${count(SCAN_LIMIT)}). `,
              )
            : null,
          h('a', { href: href(set) }, 'Clear the filter'),
        ),
        pager(set, page, pages, filterParams()),
        shown.length
          ? table(
              meta.title,
              ['Job', 'Arguments', 'Error', 'Fails', meta.time, 'Actions'],
              shown.map(jobRow),
            )
          : notice('empty', 'No job matches this filter.'),
      );
    },
    destroy() {
      scanAbort?.abort();
    },
  };
}
