/**
 * Job detail: where the job is, every field, the arguments and the full JSON indented, and the
 * actions of its set. Links from a listing carry the job's set and score, so the lookup reads one
 * score (O(log n)); a job found nowhere stops the page refreshing, so an open tab does not keep
 * scanning the sets.
 */
import { api, ApiError } from '../api';
import { button, h, notice, replace } from '../dom';
import { confirmAction } from '../dialog';
import { count, time } from '../format';
import { runAction, type Page, type PageContext } from '../page';
import { href } from '../route';

const SET_LABELS = {
  retry: ['Retry', 'Retry at', 'Run now'],
  scheduled: ['Scheduled', 'Run at', 'Run now'],
  dead: ['Dead', 'Died at', 'Retry'],
} as const;

export function jobPage(ctx: PageContext): Page {
  const id = ctx.route.arg;
  const hintSet = ctx.route.params.get('set');
  const hintScore = ctx.route.params.get('score');
  // After the first lookup the job's current place is the hint (it moves when retried).
  let at = hintSet && hintScore ? { set: hintSet, score: hintScore } : undefined;
  let body!: HTMLElement;
  return {
    title: `Job ${id}`,
    mount(root) {
      body = h('div');
      root.append(body);
    },
    async update(signal) {
      let found;
      try {
        found = await api.job(id, signal, at);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          replace(
            body,
            notice(
              'empty',
              `No job with id ${id} is in the retry, scheduled or dead sets. It may be waiting in a queue, running, or finished (finished jobs are not kept). This page stopped refreshing; reload to look again.`,
            ),
          );
          return 'done';
        }
        throw err;
      }
      const { set, score, job } = found;
      at = { set, score: String(score) };
      const [label, timeLabel, runLabel] = SET_LABELS[set];
      const fields: Array<[string, Node | string]> = [
        ['Name', job.name],
        ['Id', h('code', {}, job.id)],
        ['In', h('a', { href: href(set) }, label)],
        [timeLabel, time(score)],
        ['Enqueued (t)', time(job.t)],
        ['Fails', count(job.fails)],
        ['Last error', job.err ? h('span', { class: 'err' }, job.err) : '—'],
        ['Failed at', time(job.failed_at)],
        ['Arguments', h('pre', { class: 'args-pretty' }, JSON.stringify(job.args, null, 2))],
      ];
      if (job.unique)
        fields.push([
          'Unique',
          job.unique_key ? h('code', {}, job.unique_key) : 'by name and args',
        ]);
      if (job.parse_error) fields.push(['Unreadable', job.parse_error]);
      replace(
        body,
        ctx.readOnly
          ? null
          : h(
              'div',
              { class: 'toolbar' },
              button(
                runLabel,
                () =>
                  void runAction(
                    ctx,
                    () => api.act(set, 'run', score, job.id),
                    `${runLabel}: ${job.id}.`,
                  ),
                { 'data-key': 'run' },
              ),
              button(
                'Delete',
                () =>
                  void confirmAction({
                    title: `Delete job ${job.id}?`,
                    message: 'The job is deleted. This cannot be undone.',
                    confirmLabel: 'Delete',
                  }).then((yes) => {
                    if (yes)
                      void runAction(
                        ctx,
                        () => api.act(set, 'delete', score, job.id),
                        `Deleted ${job.id}.`,
                      );
                  }),
                { class: 'danger', 'data-key': 'delete' },
              ),
            ),
        h(
          'dl',
          { class: 'facts panel' },
          ...fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
        ),
        job.err_stack
          ? h('section', { class: 'panel' }, h('h2', {}, 'Stack'), h('pre', {}, job.err_stack))
          : null,
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'JSON'),
          h('pre', { 'data-testid': 'job-json' }, JSON.stringify(job, null, 2)),
        ),
      );
    },
  };
}
