/**
 * Formats the results: a side-by-side table with ours/BullMQ ratios, the threshold checks, and
 * the machine-readable last line that CI and the docs quote.
 */
import { CAPPED_YOUNG_GENERATION, type BreadthResult } from './breadth';
import { HIGH_CONCURRENCY, JOB_NAMES, MANY_NAMES, TOTAL_CONCURRENCY, Workload } from './config';
import type { SystemResult } from './scenario';

/** The thresholds the engine is held to; each run says which it met. */
export const THRESHOLDS = {
  /** Processing rate at concurrency 20, ours / BullMQ's. */
  ratio: 3,
  /** Ours at concurrency 100 / BullMQ's best rate in the sweep. */
  ratioC100: 4,
  /** Peak RSS of our worker process in the main drain (MB). */
  peakRssMb: 80,
  /** Peak RSS draining 1M queued jobs may exceed the 100k drain's by at most this (MB). */
  rssFlatMb: 5,
  /** Awaited single enqueues, ours / BullMQ's. */
  sequentialRatio: 2,
  /** Our drain rate over 100 names / over 5 names. */
  namesRatio: 0.8,
  /** Redis CPU per job over bulk enqueue + drain (us). */
  redisCpuUs: 8,
} as const;

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
export function formatReport(
  ours: SystemResult,
  bull: SystemResult,
  breadth: BreadthResult,
  load: Workload,
): string {
  const { oursHigh, bullHigh, oursFiveNames, oursManyNames, oursLarge, oursCapped, bullCapped } =
    breadth;
  const perWorker = (total: number) => `${JOB_NAMES.length} x ${total / JOB_NAMES.length}`;
  const rows: Row[] = [
    [
      `sequential enqueue, awaited one by one (jobs/s, ${load.sequentialJobs} jobs)`,
      ours.sequentialPerSec,
      bull.sequentialPerSec,
      0,
    ],
    ['  bare round trip: awaited PING just before (us)', ours.roundTripUs, bull.roundTripUs, 1],
    [
      '  one enqueue above that round trip (us)',
      1e6 / ours.sequentialPerSec - ours.roundTripUs,
      1e6 / bull.sequentialPerSec - bull.roundTripUs,
      1,
    ],
    [
      `bulk enqueue (jobs/s, ${load.drainJobs} jobs, chunks of ${load.bulkChunk})`,
      ours.bulkPerSec,
      bull.bulkPerSec,
      0,
    ],
    [
      `processing rate (jobs/s, drain of ${load.drainJobs}, concurrency ${TOTAL_CONCURRENCY})`,
      ours.processingPerSec,
      bull.processingPerSec,
      0,
    ],
    [
      `  at concurrency ${HIGH_CONCURRENCY} (BullMQ ${perWorker(HIGH_CONCURRENCY)})`,
      oursHigh.perSec,
      bullHigh.perSec,
      0,
    ],
    [
      `  ${JOB_NAMES.length} job names, best of 2 in turn with the row below`,
      oursFiveNames.perSec,
      NaN,
      0,
    ],
    [`  ${MANY_NAMES} job names, best of 2`, oursManyNames.perSec, NaN, 0],
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
    [
      `  at concurrency ${HIGH_CONCURRENCY} (MB, getrusage maxrss)`,
      oursHigh.peakRssMb,
      bullHigh.peakRssMb,
      1,
    ],
    ['  draining 1M queued jobs (MB, BENCH_LARGE=1)', oursLarge?.peakRssMb ?? NaN, NaN, 1],
    [
      `  with node ${CAPPED_YOUNG_GENERATION.join(' ')} (MB)`,
      oursCapped.peakRssMb,
      bullCapped.peakRssMb,
      1,
    ],
    ['    its processing rate (jobs/s)', oursCapped.perSec, bullCapped.perSec, 0],
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
  const bullBest = Math.max(bull.processingPerSec, bullHigh.perSec);
  const bullBestTotal =
    bullHigh.perSec > bull.processingPerSec ? HIGH_CONCURRENCY : TOTAL_CONCURRENCY;
  const ratioC100 = oursHigh.perSec / bullBest;
  const namesRatio = oursManyNames.perSec / oursFiveNames.perSec;
  const sequentialRatio = ours.sequentialPerSec / bull.sequentialPerSec;
  const rss1m = oursLarge?.peakRssMb ?? NaN;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const check = (what: string, value: string, ok: boolean) =>
    `check ${what}: ${value}, ${verdict(ok)}`;
  const clock = (r: SystemResult) =>
    `${r.label} worker clock offset ${fixed(r.clock.offsetMs, 3)} ms +/- ${fixed(r.clock.uncertaintyMs, 3)} ms (corrected)`;
  const t = THRESHOLDS;
  return [
    ...table(rows),
    '',
    clock(ours),
    clock(bull),
    `BullMQ's best setting in the sweep: ${JOB_NAMES.length} Workers of concurrency ${bullBestTotal / JOB_NAMES.length} (${bullBestTotal} in all), ${fixed(bullBest, 0)} jobs/s`,
    check(
      `processing rate >= ${t.ratio}x BullMQ at concurrency ${TOTAL_CONCURRENCY}`,
      `${fixed(ratio, 2)}x`,
      ratio >= t.ratio,
    ),
    check(
      `concurrency ${HIGH_CONCURRENCY} >= ${t.ratioC100}x BullMQ's best`,
      `${fixed(ratioC100, 2)}x`,
      ratioC100 >= t.ratioC100,
    ),
    check(
      `peak RSS <= ${t.peakRssMb} MB`,
      `${fixed(ours.peakRssMb, 1)} MB`,
      ours.peakRssMb <= t.peakRssMb,
    ),
    oursLarge
      ? check(
          `1M-queued peak RSS within ${t.rssFlatMb} MB of the ${load.drainJobs} drain's`,
          `${fixed(rss1m, 1)} MB`,
          rss1m - ours.peakRssMb <= t.rssFlatMb,
        )
      : 'check 1M-queued peak RSS: not run (BENCH_LARGE=1 runs it)',
    check(
      'half-load p50 <= BullMQ',
      `${fixed(ours.loaded.p50, 3)} vs ${fixed(bull.loaded.p50, 3)} ms`,
      ours.loaded.p50 <= bull.loaded.p50,
    ),
    check(
      'half-load p99 <= BullMQ',
      `${fixed(ours.loaded.p99, 3)} vs ${fixed(bull.loaded.p99, 3)} ms`,
      ours.loaded.p99 <= bull.loaded.p99,
    ),
    check(
      `sequential enqueue >= ${t.sequentialRatio}x BullMQ`,
      `${fixed(sequentialRatio, 2)}x`,
      sequentialRatio >= t.sequentialRatio,
    ),
    check(
      `${MANY_NAMES} names >= ${t.namesRatio} of the ${JOB_NAMES.length}-name rate`,
      fixed(namesRatio, 2),
      namesRatio >= t.namesRatio,
    ),
    check(
      `Redis CPU <= ${t.redisCpuUs} us/job`,
      `${fixed(ours.redisCpuUsPerJob, 2)} us`,
      ours.redisCpuUsPerJob <= t.redisCpuUs,
    ),
    [
      'bench:',
      `ours_jobs_per_s=${Math.round(ours.processingPerSec)}`,
      `bullmq_jobs_per_s=${Math.round(bull.processingPerSec)}`,
      `ratio=${fixed(ratio, 2)}`,
      `redis_cpu_us_per_job=${fixed(ours.redisCpuUsPerJob, 2)}`,
      `peak_rss_mb=${fixed(ours.peakRssMb, 1)}`,
      `p99_idle_ms=${fixed(ours.idle.p99, 3)}`,
      `rss_1m_mb=${fixed(rss1m, 1)}`,
      `halfload_p50_ms=${fixed(ours.loaded.p50, 3)}`,
      `halfload_p50_ms_bullmq=${fixed(bull.loaded.p50, 3)}`,
      `seq_enqueue_ratio=${fixed(sequentialRatio, 2)}`,
      `ratio_c100=${fixed(ratioC100, 2)}`,
      `names100_ratio=${fixed(namesRatio, 2)}`,
    ].join(' '),
  ].join('\n');
}
