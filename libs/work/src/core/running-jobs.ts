/**
 * The jobs a pool is running, for a stop deadline to abort and hand back, and for the stranded-job
 * check to recognise. A Set did this, but a Set whose entries come and go thousands of times a
 * second rebuilds its table over and over (deleted entries stay as holes until a rehash): that was
 * about 270 bytes of garbage per job. An array with swap-removal keeps its backing store.
 */

/** Something that can sit in a {@link RunningJobs}; both fields are owned by the list. */
export interface Listed {
  /** Its place in the list, or -1 when not listed. */
  slotIndex: number;
  /** When it was added, as a count: iteration follows it. */
  listedOrder: number;
}

/** An unordered list of running jobs with O(1) add and delete. */
export class RunningJobs<T extends Listed> implements Iterable<T> {
  private readonly items: T[] = [];
  private added = 0;

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    item.slotIndex = this.items.length;
    item.listedOrder = this.added++;
    this.items.push(item);
  }

  /** Removes `item` if it is listed; a second delete of the same item does nothing. */
  delete(item: T): void {
    const i = item.slotIndex;
    if (i < 0 || this.items[i] !== item) return;
    const last = this.items.pop() as T;
    if (last !== item) {
      this.items[i] = last;
      last.slotIndex = i;
    }
    item.slotIndex = -1;
  }

  /**
   * A snapshot in the order the items were added (as a Set iterates), so the list may change
   * while the caller iterates. Only stops and recovery checks iterate: sorting here is cheap.
   */
  [Symbol.iterator](): Iterator<T> {
    const snapshot = this.items.slice().sort((a, b) => a.listedOrder - b.listedOrder);
    return snapshot[Symbol.iterator]();
  }
}
