/**
 * One clock for both processes. Latency is "job start in the worker process minus enqueue call in
 * the parent", so both sides must read the same wall clock with sub-millisecond resolution:
 * Date.now() only has 1 ms steps, while timeOrigin + performance.now() has microsecond steps and is
 * anchored to the wall clock when each process starts. The small difference between the two
 * processes' anchors is measured at run time (see estimateClockOffset in worker-handle.ts).
 */
import { performance } from 'node:perf_hooks';

/** Wall-clock milliseconds since the epoch, with sub-millisecond resolution. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
