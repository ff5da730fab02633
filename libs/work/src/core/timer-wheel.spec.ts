import { TimerWheel } from './timer-wheel';

/**
 * The wheel's own clock is injected (`now`); Jest's fake timers only drive its setInterval, so
 * nothing here waits for real time. No socket is open in this file.
 */
describe('TimerWheel', () => {
  let now: number;
  let wheel: TimerWheel;

  beforeEach(() => {
    jest.useFakeTimers();
    now = 1_000;
    wheel = new TimerWheel(50, () => now);
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** Moves the injected clock and lets the interval run once. */
  function advance(ms: number): void {
    now += ms;
    jest.advanceTimersByTime(50);
  }

  it('fires once, not before the delay, and stops its timer when nothing is pending', () => {
    const fire = jest.fn();
    wheel.schedule(120, fire);
    expect(wheel.pending).toBe(1);
    expect(jest.getTimerCount()).toBe(1);
    advance(100);
    expect(fire).not.toHaveBeenCalled();
    advance(19); // now = 1119, one ms short of the deadline
    expect(fire).not.toHaveBeenCalled();
    advance(31); // 1150: the deadline's slot (at most one resolution late)
    expect(fire).toHaveBeenCalledTimes(1);
    expect(wheel.pending).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    advance(1_000);
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('cancel() forgets a deadline; the timer goes away with the last one', () => {
    const fire = jest.fn();
    const entry = wheel.schedule(100, fire);
    wheel.cancel(entry);
    expect(wheel.pending).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
    advance(500);
    expect(fire).not.toHaveBeenCalled();
    wheel.cancel(entry);
    expect(wheel.pending).toBe(0);
  });

  it('cancelling one of two deadlines in the same slot keeps the other', () => {
    const a = jest.fn();
    const b = jest.fn();
    const entry = wheel.schedule(100, a);
    wheel.schedule(100, b);
    wheel.cancel(entry);
    expect(wheel.pending).toBe(1);
    expect(jest.getTimerCount()).toBe(1);
    advance(100);
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('cancel after firing is a no-op', () => {
    const fire = jest.fn();
    const entry = wheel.schedule(10, fire);
    advance(50);
    expect(fire).toHaveBeenCalledTimes(1);
    wheel.cancel(entry);
    expect(wheel.pending).toBe(0);
  });

  it('fires deadlines in order as the clock passes them, with one shared timer', () => {
    const order: number[] = [];
    for (const delay of [300, 100, 200]) wheel.schedule(delay, () => order.push(delay));
    expect(jest.getTimerCount()).toBe(1);
    advance(150);
    expect(order).toEqual([100]);
    advance(200);
    expect(order).toEqual([100, 200, 300]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('catches up on every slot passed when the interval ran late', () => {
    const fire = jest.fn();
    wheel.schedule(60, fire);
    wheel.schedule(500, fire);
    advance(1_000); // a single tick long after both deadlines
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it('never skips a deadline scheduled behind the slot the running interval looks at next', () => {
    const early = jest.fn();
    const late = jest.fn();
    wheel.schedule(1_000, late); // keeps the interval running
    advance(200); // the interval has handled every slot up to 1200
    now -= 500; // the clock steps back (Date.now, the default, is not monotonic)
    wheel.schedule(0, early);
    advance(50);
    // Filed behind the slots already handled, it waits until the clock is back there: a backward
    // step of the wall clock delays deadlines by that much.
    expect(early).not.toHaveBeenCalled();
    now = 1_250;
    jest.advanceTimersByTime(50);
    expect(early).toHaveBeenCalledTimes(1);
    expect(late).not.toHaveBeenCalled();
  });

  it('a throwing callback goes to onError and neither escapes nor skips the others', () => {
    const errors: unknown[] = [];
    const guarded = new TimerWheel(
      50,
      () => now,
      (err) => errors.push(err),
    );
    const after = jest.fn();
    guarded.schedule(10, () => {
      throw new Error('boom');
    });
    guarded.schedule(10, after);
    expect(() => advance(50)).not.toThrow();
    expect(errors).toEqual([new Error('boom')]);
    expect(after).toHaveBeenCalledTimes(1);
    expect(guarded.pending).toBe(0);
  });
});
