/**
 * Runs an async task on a period, never overlapping itself, with an optional random jitter; the
 * shared skeleton of the heartbeater, requeuers, reaper and periodic enqueuer loops.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private active = false;

  /**
   * @param run the task; its errors are passed to `onError` and the loop goes on
   * @param periodMs time between the end of one run and the start of the next
   * @param jitterMs a random 0..jitterMs is added to each period (spreads pools apart)
   */
  constructor(
    private readonly run: () => Promise<void>,
    private readonly periodMs: number,
    private readonly onError: (err: Error) => void,
    private readonly jitterMs = 0,
  ) {}

  /** Starts the loop; the first run happens after `firstDelayMs` (default: one period). */
  start(firstDelayMs = this.periodMs): void {
    if (this.active) return;
    this.active = true;
    this.schedule(firstDelayMs);
  }

  /** Runs the task now (not overlapping a run in progress) and resolves when it is done. */
  runNow(): Promise<void> {
    this.running = this.running.then(() => this.run().catch((err: Error) => this.onError(err)));
    return this.running;
  }

  /** Stops the loop and waits for a run in progress. Idempotent. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (!this.active) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNow().then(() =>
        this.schedule(this.periodMs + Math.floor(Math.random() * (this.jitterMs + 1))),
      );
    }, delayMs);
  }
}
