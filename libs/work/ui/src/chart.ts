/**
 * The overview's processed/failed charts (uPlot), drawn from the counters our worker pools keep in
 * Redis (`GET stats`): per second over recent minutes and per minute over recent hours.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StatsPoint } from './api';

/** A responsive uPlot chart of one succeeded/failed series (the API calls success `processed`). */
export class RateChart {
  private plot: uPlot | null = null;
  private readonly onResize = () => this.resize();

  constructor(
    private readonly host: HTMLElement,
    private readonly unit: string,
  ) {
    window.addEventListener('resize', this.onResize);
  }

  draw(points: StatsPoint[]): void {
    const data: uPlot.AlignedData = [
      points.map((p) => p.at),
      points.map((p) => p.processed),
      points.map((p) => p.failed),
    ];
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    this.plot = new uPlot(
      {
        width: this.width(),
        height: 200,
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        // Series names only: live values read "--" until the pointer is over the chart.
        legend: { live: false },
        axes: [{}, { label: this.unit }],
        series: [
          {},
          { label: 'succeeded', stroke: '#2563eb', width: 2, fill: 'rgba(37,99,235,0.08)' },
          { label: 'failed', stroke: '#dc2626', width: 2 },
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
    this.plot?.setSize({ width: this.width(), height: 200 });
  }

  destroy(): void {
    window.removeEventListener('resize', this.onResize);
    this.plot?.destroy();
    this.plot = null;
  }
}
