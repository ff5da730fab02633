/** Processes: every worker pool (Go's too) and the workers running a job. */
import { api, type WorkerObservation } from '../api';
import { h, notice, replace, row, table } from '../dom';
import { count, duration, time } from '../format';
import type { Page } from '../page';
import { href } from '../route';

const STALE_SECONDS = 30;

/** Stored args use Go's escapes (\u003c for <); shown decoded, as the other pages show args. */
function readableJson(text: string): string {
  try {
    return text ? JSON.stringify(JSON.parse(text)) : '';
  } catch {
    return text;
  }
}

function busyTable(workers: WorkerObservation[]): HTMLElement {
  const now = Date.now() / 1000;
  return table(
    'Busy workers',
    ['Job', 'Arguments', 'Started', 'Check-in', 'Check-in age'],
    workers.map((w) =>
      row(
        h(
          'span',
          {},
          h('strong', {}, w.job_name),
          h('br'),
          h('code', { class: 'small' }, w.job_id),
        ),
        h('code', { class: 'args' }, readableJson(w.args_json)),
        time(w.started_at),
        w.checkin
          ? h('span', { class: 'checkin' }, w.checkin)
          : h('span', { class: 'muted' }, 'none'),
        w.checkin_at ? duration(now - w.checkin_at) : h('span', { class: 'muted' }, '—'),
      ),
    ),
  );
}

export function processesPage(): Page {
  let body!: HTMLElement;
  return {
    title: 'Processes',
    mount(root) {
      body = h('div');
      root.append(body);
    },
    async update(signal) {
      const [allPools, busy] = await Promise.all([
        api.workerPools(signal),
        api.busyWorkers(signal),
      ]);
      const pools = allPools.filter((p) => p.host !== '');
      const workers = pools.reduce((sum, p) => sum + p.worker_ids.length, 0);
      const now = Date.now() / 1000;
      const claimed = new Set<string>();
      const panels = pools.map((pool) => {
        const ids = new Set(pool.worker_ids);
        const mine = busy.filter((w) => ids.has(w.worker_id));
        mine.forEach((w) => claimed.add(w.worker_id));
        const stale = now - pool.heartbeat_at > STALE_SECONDS;
        return h(
          'section',
          { class: 'panel pool', 'data-pool': pool.worker_pool_id },
          h(
            'h2',
            {},
            `${pool.host}: ${pool.pid}`,
            stale ? h('span', { class: 'badge badge-warn' }, 'no recent heartbeat') : null,
          ),
          h(
            'dl',
            { class: 'facts' },
            h('dt', {}, 'Pool id'),
            h('dd', {}, h('code', {}, pool.worker_pool_id)),
            h('dt', {}, 'Started'),
            h('dd', {}, time(pool.started_at)),
            h('dt', {}, 'Last heartbeat'),
            h('dd', {}, time(pool.heartbeat_at)),
            h('dt', {}, 'Concurrency'),
            h('dd', {}, count(pool.concurrency)),
            h('dt', {}, 'Busy'),
            h(
              'dd',
              {},
              `${mine.length} active worker(s) and ${Math.max(0, pool.worker_ids.length - mine.length)} idle`,
            ),
          ),
          h(
            'p',
            {},
            'Servicing: ',
            ...pool.job_names.map((name) => h('a', { class: 'chip', href: href('queues') }, name)),
          ),
          mine.length
            ? busyTable(mine)
            : notice('empty', 'No worker of this pool is running a job right now.'),
        );
      });
      const orphans = busy.filter((w) => !claimed.has(w.worker_id));
      replace(
        body,
        h(
          'p',
          { class: 'summary' },
          `${pools.length} worker pool(s). ${busy.length} active worker(s) out of ${workers}.`,
        ),
        pools.length === 0
          ? notice(
              'empty',
              'No worker pool is running: pools register in worker_pools and send a heartbeat every 5 seconds while they run (Go and Nest pools alike).',
            )
          : null,
        ...panels,
        orphans.length
          ? h(
              'section',
              { class: 'panel' },
              h('h2', {}, 'Busy workers of no live pool'),
              busyTable(orphans),
            )
          : null,
      );
    },
  };
}
