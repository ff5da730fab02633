/**
 * Counts the jobs of a set that a filter selects, over the whole set, in the background: one
 * bounded search step at a time (the API's cursor), reporting progress after every step so the
 * bulk bar can read "Counting matches: 8 so far, 10,000 of 50,000 read…".
 */
import { api, type Filter, type Order, type SetName } from '../api';
import { filtering } from './set-view';

/** How far the count of one filter has come. */
export interface MatchCount {
  /** The filter counted, as {@link MatchCounter.keyOf} writes it. */
  key: string;
  matched: number;
  read: number;
  total: number;
  done: boolean;
}

export class MatchCounter {
  /** The count under way or done; null before one starts (or with no filter). */
  current: MatchCount | null = null;
  private running: AbortController | null = null;

  /** `changed` is called after every step (to redraw what shows the count). */
  constructor(
    private readonly set: SetName,
    private readonly order: Order,
    private readonly changed: () => void,
  ) {}

  /** The key a count of `filter` carries. */
  static keyOf(filter: Filter): string {
    return JSON.stringify(filter);
  }

  /** Whether the count is of `filter` (else it needs a {@link MatchCounter.restart}). */
  isOf(filter: Filter): boolean {
    return this.current !== null && this.current.key === MatchCounter.keyOf(filter);
  }

  /** Drops the count under way and, when `filter` filters, counts it afresh. */
  restart(filter: Filter): void {
    this.stop();
    this.current = null;
    if (!filtering(filter)) return;
    this.running = new AbortController();
    this.count(filter, this.running.signal).catch(() => undefined);
  }

  /** Stops the count under way (the page is left). */
  stop(): void {
    this.running?.abort();
  }

  private async count(filter: Filter, signal: AbortSignal): Promise<void> {
    const key = MatchCounter.keyOf(filter);
    const counted: MatchCount = { key, matched: 0, read: 0, total: 0, done: false };
    this.current = counted;
    let next: number | null = 0;
    while (next !== null) {
      const step = await api.search(
        this.set,
        filter,
        { cursor: next, order: this.order, limit: 0 },
        signal,
      );
      if (this.current !== counted) return;
      counted.matched += step.matched;
      counted.read += step.scanned;
      counted.total = step.total;
      next = step.cursor;
      this.changed();
    }
    counted.done = true;
    this.changed();
  }
}
