/** Overview: totals and the processed/failed chart. */
import { api } from '../api';
import { RateChart, RateHistory } from '../chart';
import { h, notice, replace } from '../dom';
import { count } from '../format';
import type { Page } from '../page';
import { href } from '../route';

const history = new RateHistory();

function card(label: string, value: number, link?: string, testid?: string): HTMLElement {
  const body = [h('span', { class: 'card-value', 'data-testid': testid }, count(value)), h('span', { class: 'card-label' }, label)];
  return link ? h('a', { class: 'card', href: link }, ...body) : h('div', { class: 'card' }, ...body);
}

export function overviewPage(): Page {
  let cards!: HTMLElement;
  let chartHost!: HTMLElement;
  let chart: RateChart | null = null;
  return {
    title: 'Overview',
    mount(root) {
      cards = h('div', { class: 'cards', 'aria-live': 'polite' });
      chartHost = h('div', { class: 'chart', role: 'img', 'aria-label': 'Processed and failed jobs per second' });
      root.append(
        cards,
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'Processed and failed per second'),
          chartHost,
          h(
            'p',
            { class: 'muted small' },
            'Estimated from successive samples while this tab is open: processed/s is the drop in queued + in-flight jobs, failed/s the growth of retry + dead. Enqueues during a sample hide processing. Kept for 15 minutes.',
          ),
        ),
      );
      chart = new RateChart(chartHost, history);
    },
    async update(signal) {
      const [queues, pools, busy, retry, scheduled, dead] = await Promise.all([
        api.queues(signal),
        api.workerPools(signal),
        api.busyWorkers(signal),
        api.page('retry', 1, 1, signal),
        api.page('scheduled', 1, 1, signal),
        api.page('dead', 1, 1, signal),
      ]);
      const queued = queues.reduce((sum, q) => sum + q.count, 0);
      const inFlight = queues.reduce((sum, q) => sum + Math.max(0, q.lock), 0);
      history.add({ at: Date.now() / 1000, queuedAndInFlight: queued + inFlight, retryAndDead: retry.count + dead.count });
      replace(
        cards,
        card('queued', queued, href('queues'), 'total-queued'),
        card('in progress', inFlight, href('processes'), 'total-in-progress'),
        card('retry', retry.count, href('retry'), 'total-retry'),
        card('scheduled', scheduled.count, href('scheduled'), 'total-scheduled'),
        card('dead', dead.count, href('dead'), 'total-dead'),
        card('processed (est., this tab)', history.processedTotal),
        card('failed (est., this tab)', history.failedTotal),
        card('worker pools', pools.filter((p) => p.host !== '').length, href('processes'), 'total-pools'),
        card('busy workers', busy.length, href('processes')),
        queues.length === 0 ? notice('empty', 'No job names are known yet: a worker pool registers its job names in Redis when it starts.') : null,
      );
      chart?.draw();
    },
    destroy() {
      chart?.destroy();
    },
  };
}
