/**
 * Weighted sampling without replacement over job types (spec §6.6): a type comes first with
 * probability priority / sum, and so on for the remaining places. Each fetch samples one order
 * and fills its idle slots down it, so over time each type's share follows its priority.
 */

/** Something with a priority in 1..100000. */
export interface Weighted {
  readonly priority: number;
}

/** Produces priority-weighted random orders of a fixed list of items. */
export class PrioritySampler<T extends Weighted> {
  private readonly order: number[];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    private readonly random: () => number = Math.random,
  ) {
    this.order = items.map((_, i) => i);
    this.total = items.reduce((sum, it) => sum + it.priority, 0);
  }

  /** Writes one sampled order of item indexes (0-based) into `out`, starting at `offset`. */
  sampleInto(out: number[], offset: number): void {
    const order = this.order;
    const n = order.length;
    let remaining = this.total;
    for (let front = 0; front < n - 1; front++) {
      const r = Math.floor(this.random() * remaining);
      // Walk the unplaced items from the back, accumulating weight, as gocraft does.
      let acc = 0;
      let pick = n - 1;
      for (let j = n - 1; j >= front; j--) {
        acc += this.items[order[j]].priority;
        if (acc > r) {
          pick = j;
          break;
        }
      }
      const chosen = order[pick];
      order[pick] = order[front];
      order[front] = chosen;
      remaining -= this.items[chosen].priority;
    }
    for (let i = 0; i < n; i++) out[offset + i] = order[i];
  }

  /** One sampled order of the items themselves. */
  sample(): T[] {
    const out: number[] = new Array(this.items.length);
    this.sampleInto(out, 0);
    return out.map((i) => this.items[i]);
  }
}
