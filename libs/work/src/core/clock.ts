/** The source of "now" (integer epoch seconds, spec notation); injectable so tests can fix time. */
export interface Clock {
  /** Current Unix time in whole seconds, read from the local clock as gocraft does. */
  nowSeconds(): number;
}

/** The real clock. */
export const systemClock: Clock = {
  nowSeconds: () => Math.floor(Date.now() / 1000),
};

/** A clock fixed at `epoch` until moved; for tests. */
export class FixedClock implements Clock {
  constructor(public epoch: number) {}
  nowSeconds(): number {
    return this.epoch;
  }
}
