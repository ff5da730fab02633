/** Reads Prometheus exposition text into `series -> value`, for exact assertions. */

/** Every sample line of `text` as `name{labels}` -> value (comments dropped). */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

/** The samples whose series name is exactly `name`, keyed by their label text (`''` for none). */
export function seriesOf(samples: Map<string, number>, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [series, value] of samples) {
    const brace = series.indexOf('{');
    const seriesName = brace < 0 ? series : series.slice(0, brace);
    if (seriesName === name) out[brace < 0 ? '' : series.slice(brace)] = value;
  }
  return out;
}
