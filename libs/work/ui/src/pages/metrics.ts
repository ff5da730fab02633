/**
 * Metrics: per job name, runs per minute, failure rate and run-time percentiles over the last
 * hours, from the per-minute metrics our pools keep in Redis (`GET metrics/jobs`). The job filter
 * and the window live in the route (`#/metrics?job=send_email&minutes=180`), so they can be linked.
 */
import { api, type JobMetricsReport, type JobMetricsSeries, type Queue } from '../api';
import { h, notice, replace, row, table } from '../dom';
import { count } from '../format';
import type { Page, PageContext } from '../page';
import { href } from '../route';
import { SeriesChart } from '../series-chart';

const WINDOWS: Array<[number, string]> = [
  [60, 'last hour'],
  [180, 'last 3 hours'],
  [480, 'last 8 hours'],
  [1440, 'last 24 hours'],
];

function ms(value: number | null): string {
  if (value === null) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s` : `${value} ms`;
}

function rate(failed: number, runs: number): string {
  return runs === 0 ? '—' : `${((100 * failed) / runs).toFixed(1)} %`;
}

/** Sums of every job's runs per minute, for the all-jobs charts. */
function summed(jobs: JobMetricsSeries[], pick: (j: JobMetricsSeries) => number[], n: number) {
  const out = new Array<number>(n).fill(0);
  for (const j of jobs) pick(j).forEach((v, i) => (out[i] += v));
  return out;
}

export function metricsPage(ctx: PageContext): Page {
  const selected = ctx.route.params.get('job') ?? '';
  const minutesParam = Number(ctx.route.params.get('minutes') ?? 60);
  const minutes = WINDOWS.some(([m]) => m === minutesParam) ? minutesParam : 60;
  let jobSelect!: HTMLSelectElement;
  let summary!: HTMLElement;
  let durationPanel!: HTMLElement;
  let charts: SeriesChart[] = [];
  let throughput!: SeriesChart;
  let failures!: SeriesChart;
  let durations!: SeriesChart;

  // A new hash makes the shell build the page again with the new filter (and keeps it linkable).
  const go = (job: string, window: number) => {
    location.hash = href('metrics', { job, minutes: window === 60 ? undefined : window });
  };

  function chartPanel(title: string, label: string): [HTMLElement, HTMLElement] {
    const host = h('div', { class: 'chart', role: 'img', 'aria-label': label });
    return [h('section', { class: 'panel' }, h('h2', {}, title), host), host];
  }

  return {
    title: 'Metrics',
    mount(root) {
      jobSelect = h(
        'select',
        {
          'aria-label': 'Job name',
          'data-testid': 'metrics-job',
          on: { change: () => go(jobSelect.value, minutes) },
        },
        h('option', { value: '' }, 'All jobs'),
      );
      const windowSelect = h(
        'select',
        {
          'aria-label': 'Time window',
          'data-testid': 'metrics-window',
          on: { change: () => go(selected, Number(windowSelect.value)) },
        },
        ...WINDOWS.map(([m, label]) =>
          h('option', { value: String(m), selected: m === minutes }, label),
        ),
      );
      summary = h('div', { 'aria-live': 'polite' });
      const [runsPanel, runsHost] = chartPanel(
        'Jobs per minute',
        'Succeeded and failed runs per minute',
      );
      const [failPanel, failHost] = chartPanel('Failure rate', 'Failed runs in percent per minute');
      const [durPanel, durHost] = chartPanel(
        'Run time p50 / p95 / p99',
        'Run-time percentiles per minute in milliseconds',
      );
      durationPanel = durPanel;
      root.append(
        h(
          'div',
          { class: 'toolbar' },
          h('label', {}, 'Job ', jobSelect),
          h('label', {}, 'Window ', windowSelect),
        ),
        summary,
        runsPanel,
        failPanel,
        durationPanel,
        h(
          'p',
          { class: 'muted small' },
          'Kept per minute for a day by the worker pools of this library (Go pools keep none). Percentiles are estimated from a fixed-bucket histogram.',
        ),
      );
      throughput = new SeriesChart(runsHost, 'jobs/min', [
        { label: 'succeeded', stroke: '#2563eb' },
        { label: 'failed', stroke: '#dc2626' },
      ]);
      failures = new SeriesChart(failHost, '%', [{ label: 'failure rate', stroke: '#dc2626' }]);
      durations = new SeriesChart(durHost, 'ms', [
        { label: 'p50', stroke: '#16a34a' },
        { label: 'p95', stroke: '#d97706' },
        { label: 'p99', stroke: '#dc2626' },
      ]);
      charts = [throughput, failures, durations];
    },
    async update(signal) {
      const [report, queues]: [JobMetricsReport, Queue[]] = await Promise.all([
        api.jobMetrics(minutes, selected || undefined, signal),
        api.queues(signal),
      ]);
      const all = report.jobs;
      if (jobSelect.options.length === 1) {
        const names = queues.map((q) => q.job_name);
        if (selected && !names.includes(selected)) names.push(selected);
        for (const name of names)
          jobSelect.append(h('option', { value: name, selected: name === selected }, name));
      }
      const rows = all.map((j) => {
        const runs = j.total.processed + j.total.failed;
        const tr = row(
          h('a', { href: href('metrics', { job: j.job, minutes }) }, j.job),
          count(runs),
          count(j.total.failed),
          rate(j.total.failed, runs),
          ms(j.total.mean_ms),
          ms(j.total.p50),
          ms(j.total.p95),
          ms(j.total.p99),
        );
        tr.dataset.job = j.job;
        return tr;
      });
      replace(
        summary,
        rows.length === 0
          ? notice('empty', 'No job names are known yet.')
          : table(
              'Runs and run time per job',
              ['Job', 'Runs', 'Failed', 'Failure rate', 'Mean', 'p50', 'p95', 'p99'],
              rows,
            ),
      );
      const n = report.minutes.length;
      const succeeded = summed(all, (j) => j.processed, n);
      const failed = summed(all, (j) => j.failed, n);
      throughput.draw(report.minutes, [succeeded, failed]);
      failures.draw(report.minutes, [
        succeeded.map((s, i) =>
          s + failed[i] === 0 ? null : Math.round((1000 * failed[i]) / (s + failed[i])) / 10,
        ),
      ]);
      const one = selected ? all[0] : undefined;
      durationPanel.hidden = !one;
      if (one)
        durations.draw(report.minutes, [
          one.percentiles.map((p) => p.p50),
          one.percentiles.map((p) => p.p95),
          one.percentiles.map((p) => p.p99),
        ]);
    },
    destroy() {
      for (const chart of charts) chart.destroy();
      charts = [];
    },
  };
}
