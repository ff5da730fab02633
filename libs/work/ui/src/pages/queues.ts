/** Queues: size, latency, concurrency, in-flight and pause state per job name. */
import { api, type Queue } from '../api';
import { confirmAction } from '../dialog';
import { button, h, notice, replace, row, table } from '../dom';
import { count, duration } from '../format';
import { href } from '../route';
import { runAction, type Page, type PageContext } from '../page';

export function queuesPage(ctx: PageContext): Page {
  let body!: HTMLElement;
  return {
    title: 'Queues',
    mount(root) {
      body = h('div');
      root.append(body);
    },
    async update(signal) {
      const queues = await api.queues(signal);
      if (queues.length === 0) {
        replace(
          body,
          notice(
            'empty',
            'No queues yet. A queue appears once a worker pool that handles its job name has started (its names are kept in known_jobs), or a job of that name is enqueued.',
          ),
        );
        return;
      }
      const total = queues.reduce((sum, q) => sum + q.count, 0);
      const rows = queues.map((q) => {
        const tr = row(
          h('strong', { class: 'queue-name', title: q.job_name }, q.job_name),
          count(q.count),
          q.count ? duration(q.latency) : h('span', { class: 'muted' }, '—'),
          q.priority === null
            ? h('span', { class: 'muted', title: 'no pool of ours has registered this job' }, '—')
            : count(q.priority),
          q.max_concurrency ? count(q.max_concurrency) : h('span', { class: 'muted' }, 'unlimited'),
          configuredLimit(q),
          count(q.lock),
          q.paused
            ? h('span', { class: 'badge badge-warn' }, 'paused')
            : h('span', { class: 'badge badge-ok' }, 'active'),
          h(
            'div',
            { class: 'row-actions' },
            ctx.readOnly
              ? null
              : q.paused
                ? button(
                    'Resume',
                    () =>
                      void runAction(ctx, () => api.unpause(q.job_name), `Resumed ${q.job_name}.`),
                    { 'data-key': `resume:${q.job_name}` },
                  )
                : button(
                    'Pause',
                    () =>
                      void runAction(
                        ctx,
                        () => api.pause(q.job_name),
                        `Paused ${q.job_name}: pools stop fetching it.`,
                      ),
                    { 'data-key': `pause:${q.job_name}` },
                  ),
            h('a', { class: 'button-link', href: href('dead', { name: q.job_name }) }, 'Dead jobs'),
            h('a', { class: 'button-link', href: href('metrics', { job: q.job_name }) }, 'Metrics'),
            ctx.readOnly
              ? null
              : button(
                  'Empty…',
                  () =>
                    void (async () => {
                      const ok = await confirmAction({
                        title: `Empty the queue ${q.job_name}?`,
                        message: `This deletes the ${count(q.count)} job(s) waiting in ${q.job_name}. Running, retry, scheduled and dead jobs are kept. This cannot be undone.`,
                        confirmLabel: 'Delete queued jobs',
                        typeToConfirm: q.job_name,
                      });
                      if (ok)
                        await runAction(
                          ctx,
                          () => api.deleteQueue(q.job_name),
                          (r) =>
                            `Emptied ${q.job_name}: deleted ${count(r.deleted)} queued job(s).`,
                        );
                    })(),
                  { class: 'danger', 'data-key': `empty:${q.job_name}`, disabled: q.count === 0 },
                ),
          ),
        );
        tr.dataset.queue = q.job_name;
        return tr;
      });
      replace(
        body,
        h(
          'p',
          { class: 'summary' },
          `${queues.length} queue(s) with a total of ${count(total)} job(s) queued.`,
        ),
        table(
          'Queues',
          [
            'Name',
            'Queued',
            'Latency',
            'Priority',
            'Max concurrency',
            'Configured',
            'In flight',
            'State',
            'Actions',
          ],
          rows,
        ),
      );
    },
  };
}

/**
 * What our live pools configured for the name next to the effective limit above: pools overwrite
 * max_concurrency at start (the last one wins, Go's included), so a mismatch is flagged.
 */
function configuredLimit(q: Queue): HTMLElement | string {
  const configured = q.configured_max_concurrency;
  if (configured.length === 0)
    return h('span', { class: 'muted', title: 'no live pool of ours serves this job' }, '—');
  const text = configured.map((n) => (n === 0 ? 'unlimited' : count(n))).join(', ');
  if (configured.length === 1 && configured[0] === q.max_concurrency) return text;
  return h(
    'span',
    {
      class: 'badge badge-warn',
      title:
        'A pool that started later set a different max_concurrency; the last pool to start wins (docs/interop.md).',
    },
    text,
  );
}
