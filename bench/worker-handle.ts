/**
 * The parent's handle on a forked worker process: request/response over IPC, plus the clock
 * offset estimate that latency figures are corrected by.
 */
import { ChildProcess, fork } from 'node:child_process';
import { now } from './clock';
import type { ChildMessage, ParentMessage, WorkerEnv } from './protocol';

/** Options for {@link WorkerHandle.fork}. */
export interface ForkOptions {
  /** Compiled worker script (plain JS, see compile.ts). */
  script: string;
  /** Where bullmq and ioredis are installed (NODE_PATH of the worker). */
  nodeModules: string;
  /** Directory for a V8 CPU profile of the worker, or null for none. */
  cpuProfileDir: string | null;
  env: WorkerEnv;
  /** More environment for the worker script (e.g. a scenario's variant). */
  extraEnv?: Record<string, string>;
  /** V8/Node flags for the worker process (e.g. a capped young generation). */
  nodeFlags?: readonly string[];
}

type Reply<T extends ChildMessage['type']> = Extract<ChildMessage, { type: T }>;

/** Clock difference worker minus parent, and how uncertain it is (half the best round trip). */
export interface ClockOffset {
  offsetMs: number;
  uncertaintyMs: number;
}

const CLOCK_PROBES = 50;

export class WorkerHandle {
  private readonly waiting: Array<{
    type: string;
    resolve: (m: ChildMessage) => void;
    reject: (err: Error) => void;
  }> = [];
  private failure: Error | null = null;
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ChildMessage) => this.receive(message));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => {
      if (code !== 0 || signal)
        this.fail(new Error(`worker process exited with code ${code} signal ${signal}`));
    });
  }

  /**
   * Forks a compiled worker with plain `node` (no ts-node: its compiler would add ~95 MB to the
   * RSS we measure). Resolves once the worker is connected and ready.
   */
  static async fork(options: ForkOptions): Promise<WorkerHandle> {
    const execArgv: string[] = [];
    if (options.cpuProfileDir) execArgv.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir);
    execArgv.push(...(options.nodeFlags ?? []));
    const child = fork(options.script, [], {
      execArgv,
      env: {
        ...process.env,
        NODE_PATH: options.nodeModules,
        BENCH_REDIS_URL: options.env.redisUrl,
        BENCH_PREFIX: options.env.prefix,
        ...options.extraEnv,
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const handle = new WorkerHandle(child);
    await handle.next('ready');
    return handle;
  }

  /** Sends a request and waits for the reply of the given type. */
  async request<T extends ChildMessage['type']>(
    message: ParentMessage,
    reply: T,
  ): Promise<Reply<T>> {
    const answer = this.next(reply);
    this.child.send(message);
    return answer;
  }

  /**
   * Estimates the worker's clock minus ours NTP-style: the probe with the shortest round trip
   * bounds the error by half that round trip.
   */
  async clockOffset(): Promise<ClockOffset> {
    let best: ClockOffset = { offsetMs: 0, uncertaintyMs: Infinity };
    for (let id = 0; id < CLOCK_PROBES; id++) {
      const sentAt = now();
      const pong = await this.request({ type: 'ping', id }, 'pong');
      const backAt = now();
      const half = (backAt - sentAt) / 2;
      if (half < best.uncertaintyMs)
        best = { offsetMs: pong.at - (sentAt + half), uncertaintyMs: half };
    }
    return best;
  }

  /** Stops the worker and returns its memory report; kills it if it does not exit in time. */
  async stop(): Promise<Reply<'stopped'>> {
    const report = await this.request({ type: 'stop' }, 'stopped');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
    return report;
  }

  /** Kills the worker (used on errors). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private next<T extends ChildMessage['type']>(type: T): Promise<Reply<T>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ type, resolve: resolve as (m: ChildMessage) => void, reject });
    });
  }

  private receive(message: ChildMessage): void {
    if (message.type === 'error') {
      this.fail(new Error(`worker process failed: ${message.message}`));
      return;
    }
    const index = this.waiting.findIndex((w) => w.type === message.type);
    if (index >= 0) this.waiting.splice(index, 1)[0].resolve(message);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const waiter of this.waiting.splice(0)) waiter.reject(err);
  }
}
