/**
 * A small uPlot line chart over per-minute points with named series, for the Metrics page
 * (jobs per minute, failure rate, run-time percentiles). Missing points (null) are gaps.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line of a chart. */
export interface LineSpec {
  label: string;
  stroke: string;
}

export class SeriesChart {
  private plot: uPlot | null = null;
  private readonly onResize = () => this.plot?.setSize({ width: this.width(), height: 200 });

  constructor(
    private readonly host: HTMLElement,
    private readonly unit: string,
    private readonly lines: LineSpec[],
  ) {
    window.addEventListener('resize', this.onResize);
  }

  /** Draws `values[i]` (one array per line) against `times` (epoch seconds). */
  draw(times: number[], values: (number | null)[][]): void {
    const data = [times, ...values] as uPlot.AlignedData;
    if (this.plot) {
      this.plot.setData(data);
      return;
    }
    this.plot = new uPlot(
      {
        width: this.width(),
        height: 200,
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 1)] } },
        axes: [{}, { label: this.unit }],
        series: [{}, ...this.lines.map((l) => ({ label: l.label, stroke: l.stroke, width: 2 }))],
      },
      data,
      this.host,
    );
  }

  private width(): number {
    return Math.max(260, this.host.clientWidth || 600);
  }

  destroy(): void {
    window.removeEventListener('resize', this.onResize);
    this.plot?.destroy();
    this.plot = null;
  }
}
