/**
 * One shared timer for many deadlines (job timeouts): deadlines fall into slots of `resolutionMs`
 * and a single interval, running only while something is pending, fires each slot once due.
 * Cancelling is O(1); no timer is created per job.
 */

/** A pending deadline; pass it to {@link TimerWheel.cancel}. */
export interface WheelEntry {
  readonly slot: number;
  readonly fire: () => void;
}

export class TimerWheel {
  private readonly slots = new Map<number, Set<WheelEntry>>();
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  private nextSlot = 0;

  constructor(
    private readonly resolutionMs = 50,
    // Monotonic: a wall clock stepped backwards must not delay every pending timeout.
    private readonly now: () => number = () => performance.now(),
    /** Receives what a callback threw; by default it is written to stderr. */
    private readonly onError: (err: unknown) => void = (err) =>
      console.error('a timer wheel callback threw:', err),
  ) {}

  /** Calls `fire` once, no earlier than `delayMs` from now (and at most one resolution later). */
  schedule(delayMs: number, fire: () => void): WheelEntry {
    // Never behind the slot the running interval will look at next, or the entry would be skipped.
    const due = Math.ceil((this.now() + delayMs) / this.resolutionMs);
    const slot = this.timer ? Math.max(due, this.nextSlot) : due;
    const entry: WheelEntry = { slot, fire };
    let set = this.slots.get(slot);
    if (!set) this.slots.set(slot, (set = new Set()));
    set.add(entry);
    this.size++;
    if (!this.timer) {
      this.nextSlot = Math.floor(this.now() / this.resolutionMs);
      this.timer = setInterval(() => this.tick(), this.resolutionMs);
      this.timer.unref();
    }
    return entry;
  }

  /** Forgets a deadline that has not fired. */
  cancel(entry: WheelEntry): void {
    const set = this.slots.get(entry.slot);
    if (set?.delete(entry)) {
      this.size--;
      if (set.size === 0) this.slots.delete(entry.slot);
      if (this.size === 0) this.stop();
    }
  }

  /** Number of pending deadlines. */
  get pending(): number {
    return this.size;
  }

  private tick(): void {
    const current = Math.floor(this.now() / this.resolutionMs);
    for (; this.nextSlot <= current; this.nextSlot++) {
      const set = this.slots.get(this.nextSlot);
      if (!set) continue;
      this.slots.delete(this.nextSlot);
      this.size -= set.size;
      for (const entry of set) {
        // One throwing callback must neither skip the others nor escape an interval callback,
        // where it would be an uncaught exception that ends the process.
        try {
          entry.fire();
        } catch (err) {
          this.onError(err);
        }
      }
    }
    if (this.size === 0) this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
