/**
 * The job table of a set page: one row per job with its name and id (linked to the job page),
 * arguments, error, fails and the set's time; unless read-only, a tick box per row (and one for
 * the whole page) and the row's own "Retry/Run now" and "Delete" buttons.
 */
import { api, scoreOf, type SetJob } from '../api';
import { button, h, table } from '../dom';
import { argsCell, count, time } from '../format';
import { runAction } from '../page';
import { href } from '../route';
import { confirmThen, rowKey, type SetView } from './set-view';

/** The table of `jobs`, its tick boxes bound to the view's selection. */
export function jobsTable(view: SetView, jobs: SetJob[]): HTMLElement {
  const { set, texts, selected } = view;
  const columns = ['Job', 'Arguments', 'Error', 'Fails', texts.time];
  const rows = jobs.map((job) => jobRow(view, job));
  if (view.ctx.readOnly) return table(texts.title, columns, rows);
  const all = h('input', { type: 'checkbox', 'aria-label': 'Select every job on this page' });
  all.checked = jobs.length > 0 && jobs.every((j) => selected.has(rowKey(scoreOf(set, j), j.id)));
  all.addEventListener('change', () => {
    for (const job of jobs) {
      const score = scoreOf(set, job);
      const key = rowKey(score, job.id);
      if (all.checked) selected.set(key, { score, id: job.id, name: job.name });
      else selected.delete(key);
    }
    for (const box of rows.map((r) => r.querySelector<HTMLInputElement>('.select-row')))
      if (box) box.checked = all.checked;
    view.showSelection();
  });
  const wrap = table(texts.title, ['', ...columns, 'Actions'], rows);
  wrap.querySelector('thead th')?.replaceChildren(all);
  return wrap;
}

function jobRow(view: SetView, job: SetJob): HTMLTableRowElement {
  const { set, texts, ctx, selected } = view;
  const score = scoreOf(set, job);
  const key = rowKey(score, job.id);
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
      view.showSelection();
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
            ).then(() => view.afterAction()),
          { 'data-key': `run:${key}`, 'aria-label': `${texts.run} ${label}` },
        ),
        button(
          'Delete',
          () =>
            void confirmThen(
              view,
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
