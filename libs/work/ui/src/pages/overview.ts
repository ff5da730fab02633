/** Overview: totals and the processed/failed chart. */
import { api } from '../api';
import { RateChart } from '../chart';
import { h, notice, replace } from '../dom';
import { count } from '../format';
import type { Page } from '../page';
import { href } from '../route';

function card(label: string, value: number, link?: string, testid?: string): HTMLElement {
  const body = [
    h('span', { class: 'card-value', 'data-testid': testid }, count(value)),
    h('span', { class: 'card-label' }, label),
  ];
  return link
    ? h('a', { class: 'card', href: link }, ...body)
    : h('div', { class: 'card' }, ...body);
}

export function overviewPage(): Page {
  let cards!: HTMLElement;
  let charts: RateChart[] = [];
  return {
    title: 'Overview',
    mount(root) {
      cards = h('div', { class: 'cards', 'aria-live': 'polite' });
      const perSecond = h('div', {
        class: 'chart',
        role: 'img',
        'aria-label': 'Succeeded and failed jobs per second, last 5 minutes',
      });
      const perMinute = h('div', {
        class: 'chart',
        role: 'img',
        'aria-label': 'Succeeded and failed jobs per minute, last 3 hours',
      });
      root.append(
        cards,
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'Succeeded and failed per second (last 5 minutes)'),
          perSecond,
        ),
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'Succeeded and failed per minute (last 3 hours)'),
          perMinute,
          h(
            'p',
            { class: 'muted small' },
            'Counted by the worker pools of this library (Go pools keep no counters). Succeeded: the handler returned without error; failed: it threw (the job then went to retry or dead).',
          ),
        ),
      );
      charts = [new RateChart(perSecond, 'jobs/s'), new RateChart(perMinute, 'jobs/min')];
    },
    async update(signal) {
      const [queues, pools, busy, retry, scheduled, dead, stats] = await Promise.all([
        api.queues(signal),
        api.workerPools(signal),
        api.busyWorkers(signal),
        api.page('retry', 1, 1, signal),
        api.page('scheduled', 1, 1, signal),
        api.page('dead', 1, 1, signal),
        api.stats(signal),
      ]);
      const queued = queues.reduce((sum, q) => sum + q.count, 0);
      const inFlight = queues.reduce((sum, q) => sum + Math.max(0, q.lock), 0);
      replace(
        cards,
        card('queued', queued, href('queues'), 'total-queued'),
        card('in progress', inFlight, href('processes'), 'total-in-progress'),
        card('retry', retry.count, href('retry'), 'total-retry'),
        card('scheduled', scheduled.count, href('scheduled'), 'total-scheduled'),
        card('dead', dead.count, href('dead'), 'total-dead'),
        card('succeeded', stats.total.processed, undefined, 'total-processed'),
        card('failed', stats.total.failed, undefined, 'total-failed'),
        card(
          'worker pools',
          pools.filter((p) => p.host !== '').length,
          href('processes'),
          'total-pools',
        ),
        card('busy workers', busy.length, href('processes')),
        queues.length === 0
          ? notice(
              'empty',
              'No job names are known yet: a worker pool registers its job names in Redis when it starts.',
            )
          : null,
      );
      charts[0]?.draw(stats.per_second);
      charts[1]?.draw(stats.per_minute);
    },
    destroy() {
      for (const chart of charts) chart.destroy();
      charts = [];
    },
  };
}
