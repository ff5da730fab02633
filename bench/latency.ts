/**
 * Enqueue-to-start latency: the producers that create the two load situations, and the
 * percentiles. Each latency job carries its enqueue-call time in `args.ts`; the worker process
 * subtracts it from its clock at job start, and the parent corrects for the clock offset.
 */
import { now, sleep } from './clock';
import { JOB_NAMES } from './config';
import type { Producer } from './producer';

/** Percentiles of a latency sample, in milliseconds. */
export interface LatencyStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Percentiles of raw worker-side latencies after removing the worker's clock offset. */
export function latencyStats(rawMs: number[], clockOffsetMs: number): LatencyStats {
  const sorted = rawMs.map((v) => v - clockOffsetMs).sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/**
 * `count` single enqueues, each awaited and followed by a `gapMs` pause, so that every job finds
 * the workers idle (a no-op job finishes well within the gap).
 */
export async function idleEnqueues(
  producer: Producer,
  count: number,
  gapMs: number,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await producer.enqueue(JOB_NAMES[i % JOB_NAMES.length], { ts: now() });
    await sleep(gapMs);
  }
}

/** What an open-loop run produced. */
export interface OpenLoopResult {
  /** Jobs enqueued in total, and those sampled (enqueued after the warm-up). */
  sent: number;
  sampled: number;
  /** Enqueue calls per second issued over the run. */
  offeredPerSec: number;
  /** Jobs per second from the first call until the last enqueue was acknowledged by Redis. */
  completedPerSec: number;
}

/**
 * An open-loop producer: single enqueues at `ratePerSec` for `durationMs`, each issued on schedule
 * whether or not earlier ones completed (a closed loop would slow down exactly when the system
 * does and hide queueing). Jobs in the first `warmupMs` are marked `warm` and not sampled.
 */
export async function openLoopEnqueues(
  producer: Producer,
  ratePerSec: number,
  durationMs: number,
  warmupMs: number,
): Promise<OpenLoopResult> {
  const pending: Promise<unknown>[] = [];
  const start = now();
  let sent = 0;
  let sampled = 0;
  for (;;) {
    const elapsed = now() - start;
    if (elapsed >= durationMs) break;
    const due = Math.floor((elapsed * ratePerSec) / 1000);
    const warm = elapsed < warmupMs;
    for (; sent < due; sent++) {
      pending.push(producer.enqueue(JOB_NAMES[sent % JOB_NAMES.length], { ts: now(), warm }));
      if (!warm) sampled++;
    }
    await sleep(1);
  }
  await Promise.all(pending);
  const seconds = (now() - start) / 1000;
  return {
    sent,
    sampled,
    offeredPerSec: sent / (durationMs / 1000),
    completedPerSec: sent / seconds,
  };
}
