/**
 * Messages between the orchestrator and a forked worker process (over Node's IPC channel).
 * The worker process only runs workers and reports; every measurement decision is the parent's.
 */

/** Environment the parent gives a worker process. */
export interface WorkerEnv {
  /** Redis URL to connect to. */
  redisUrl: string;
  /** Key prefix / namespace owned by this run. */
  prefix: string;
}

/** Parent -> worker. */
export type ParentMessage =
  /** Start the workers; report `drained` once `expect` jobs have run and been acknowledged. */
  | { type: 'start'; expect: number }
  /** Reply `reached` once `total` jobs (cumulative) have started, with the latencies recorded since the last `reached`. */
  | { type: 'waitFor'; total: number }
  /** Clock probe: reply at once with this process's clock. */
  | { type: 'ping'; id: number }
  /** Stop the workers gracefully, report memory, then exit. */
  | { type: 'stop' };

/** Worker -> parent. */
export type ChildMessage =
  /** Connected and ready to start. */
  | { type: 'ready' }
  /** `cpuMs`: user + system CPU of the worker process from start to drained. */
  | { type: 'drained'; startedAt: number; finishedAt: number; processed: number; cpuMs: number }
  | { type: 'reached'; processed: number; latenciesMs: number[] }
  | { type: 'pong'; id: number; at: number }
  /**
   * `maxRssKb`: kernel high-water mark (getrusage); `sampledPeakRssBytes`: highest 50 ms sample;
   * `cpuMs`: user + system CPU of the worker process over its life.
   */
  | { type: 'stopped'; maxRssKb: number; sampledPeakRssBytes: number; cpuMs: number }
  | { type: 'error'; message: string };

/** Arguments of a benchmark job. `ts`: enqueue time (clock.now()) for latency jobs; `warm`: not sampled. */
export interface BenchArgs {
  i?: number;
  ts?: number;
  warm?: boolean;
  [key: string]: unknown;
}
