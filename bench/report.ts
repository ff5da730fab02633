/**
 * Formats the results: a side-by-side table with ours/BullMQ ratios, the target check, and the
 * machine-readable last line that CI and the docs quote.
 */
import type { Workload } from './config';
import type { SystemResult } from './scenario';

/** Targets from the issue: processing rate >= 2.5x BullMQ's, Redis CPU <= 15 us per job. */
export const TARGET_RATIO = 2.5;
export const TARGET_REDIS_CPU_US = 15;

type Row = [label: string, ours: number, bull: number, digits: number];

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function table(rows: Row[]): string[] {
  const header = ['metric', 'ours', 'BullMQ', 'ours/BullMQ'];
  const cells = rows.map(([label, ours, bull, digits]) => [
    label,
    fixed(ours, digits),
    fixed(bull, digits),
    fixed(ours / bull, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}

/** The full report, ending with the `bench:` line. */
export function formatReport(ours: SystemResult, bull: SystemResult, load: Workload): string {
  const rows: Row[] = [
    [
      `sequential enqueue, awaited one by one (jobs/s, ${load.sequentialJobs} jobs)`,
      ours.sequentialPerSec,
      bull.sequentialPerSec,
      0,
    ],
    [
      `bulk enqueue (jobs/s, ${load.drainJobs} jobs, chunks of ${load.bulkChunk})`,
      ours.bulkPerSec,
      bull.bulkPerSec,
      0,
    ],
    [
      `processing rate (jobs/s, drain of ${load.drainJobs}, concurrency 20)`,
      ours.processingPerSec,
      bull.processingPerSec,
      0,
    ],
    [
      'Redis CPU per job, bulk enqueue + drain (us)',
      ours.redisCpuUsPerJob,
      bull.redisCpuUsPerJob,
      2,
    ],
    ['  of which bulk enqueue (us)', ours.redisCpuEnqueueUsPerJob, bull.redisCpuEnqueueUsPerJob, 2],
    ['  of which drain (us)', ours.redisCpuDrainUsPerJob, bull.redisCpuDrainUsPerJob, 2],
    [
      'Redis commands per job, bulk enqueue + drain (incl. in scripts)',
      ours.redisCommandsPerJob,
      bull.redisCommandsPerJob,
      2,
    ],
    ['peak RSS of the worker process (MB, getrusage maxrss)', ours.peakRssMb, bull.peakRssMb, 1],
    ['  highest 50 ms RSS sample (MB)', ours.sampledPeakRssMb, bull.sampledPeakRssMb, 1],
    [`idle latency p50 (ms, ${ours.idle.count} jobs)`, ours.idle.p50, bull.idle.p50, 3],
    ['idle latency p99 (ms)', ours.idle.p99, bull.idle.p99, 3],
    ['half-load producer rate offered (jobs/s)', ours.loadOfferedPerSec, bull.loadOfferedPerSec, 0],
    [
      `half-load latency p50 (ms, ${ours.loaded.count} / ${bull.loaded.count} jobs)`,
      ours.loaded.p50,
      bull.loaded.p50,
      3,
    ],
    ['half-load latency p99 (ms)', ours.loaded.p99, bull.loaded.p99, 3],
  ];
  const ratio = ours.processingPerSec / bull.processingPerSec;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const clock = (r: SystemResult) =>
    `${r.label} worker clock offset ${fixed(r.clock.offsetMs, 3)} ms +/- ${fixed(r.clock.uncertaintyMs, 3)} ms (corrected)`;
  return [
    ...table(rows),
    '',
    clock(ours),
    clock(bull),
    `target processing rate >= ${TARGET_RATIO}x BullMQ: ${fixed(ratio, 2)}x, ${verdict(ratio >= TARGET_RATIO)}`,
    `target Redis CPU <= ${TARGET_REDIS_CPU_US} us/job: ${fixed(ours.redisCpuUsPerJob, 2)} us, ${verdict(ours.redisCpuUsPerJob <= TARGET_REDIS_CPU_US)}`,
    [
      'bench:',
      `ours_jobs_per_s=${Math.round(ours.processingPerSec)}`,
      `bullmq_jobs_per_s=${Math.round(bull.processingPerSec)}`,
      `ratio=${fixed(ratio, 2)}`,
      `redis_cpu_us_per_job=${fixed(ours.redisCpuUsPerJob, 2)}`,
      `peak_rss_mb=${fixed(ours.peakRssMb, 1)}`,
      `p99_idle_ms=${fixed(ours.idle.p99, 3)}`,
    ].join(' '),
  ].join('\n');
}
