/**
 * The overview's processed/failed chart (uPlot). gocraft v0.5.1 keeps no counters in Redis, so the
 * rates are estimated from successive samples of the counts (see docs/dashboard.md):
 * processed/s from the drop of queued + in-flight jobs, failed/s from the growth of retry + dead.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One reading of the counts. */
export interface Sample {
  at: number;
  queuedAndInFlight: number;
  retryAndDead: number;
}

const KEEP_SECONDS = 15 * 60;

/** Rates derived from samples; kept across page visits for as long as the tab is open. */
export class RateHistory {
  private last: Sample | null = null;
  readonly times: number[] = [];
  readonly processed: number[] = [];
  readonly failed: number[] = [];
  processedTotal = 0;
  failedTotal = 0;

  add(sample: Sample): void {
    const prev = this.last;
    this.last = sample;
    if (!prev) return;
    const dt = sample.at - prev.at;
    if (dt <= 0.2) return;
    const processed = Math.max(0, prev.queuedAndInFlight - sample.queuedAndInFlight);
    const failed = Math.max(0, sample.retryAndDead - prev.retryAndDead);
    this.processedTotal += processed;
    this.failedTotal += failed;
    this.times.push(sample.at);
    this.processed.push(processed / dt);
    this.failed.push(failed / dt);
    while (this.times.length && this.times[0] < sample.at - KEEP_SECONDS) {
      this.times.shift();
      this.processed.shift();
      this.failed.shift();
    }
  }
}

/** A responsive uPlot chart of a RateHistory. */
export class RateChart {
  private plot: uPlot | null = null;
  private readonly onResize = () => this.resize();

  constructor(
    private readonly host: HTMLElement,
    private readonly history: RateHistory,
  ) {
    window.addEventListener('resize', this.onResize);
  }

  draw(): void {
    const data: uPlot.AlignedData = [this.history.times, this.history.processed, this.history.failed];
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    this.plot = new uPlot(
      {
        width: this.width(),
        height: 220,
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{}, { label: 'jobs/s' }],
        series: [
          {},
          { label: 'processed/s (est.)', stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.08)' },
          { label: 'failed/s (est.)', stroke: '#dc2626', width: 2 },
        ],
      },
      data,
      this.host,
    );
  }

  private width(): number {
    return Math.max(260, this.host.clientWidth || 600);
  }

  private resize(): void {
    this.plot?.setSize({ width: this.width(), height: 220 });
  }

  destroy(): void {
    window.removeEventListener('resize', this.onResize);
    this.plot?.destroy();
    this.plot = null;
  }
}
