/**
 * One chaos scenario's world: a private redis-server, worker processes each behind its own
 * ChaosProxy, their run logs, and the figures every scenario reports:
 * `enqueued / ran / lost / duplicated / recovery seconds`. CHAOS_TRACE=1 prints where the jobs
 * are every second while a scenario recovers; CHAOS_VERBOSE=1 prints every worker log line.
 */
import { ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { Enqueuer, silentLogger } from 'nestjs-gocraft-work/core';
import { PrivateRedis, startPrivateRedis } from 'nestjs-gocraft-work/testing';
import { ChaosProxy } from './tcp-proxy';

/** A worker process and how to reach its connections. */
export interface ChaosWorker {
  readonly name: string;
  readonly proxy: ChaosProxy;
  readonly child: ChildProcess;
  readonly log: string;
  /** Set when the process exited without being told to (a crash). */
  crashed: string | null;
  /** Whether the test killed or stopped it on purpose. */
  expectedExit: boolean;
  readonly exited: Promise<void>;
}

/** What a scenario reports. */
export interface ChaosFigures {
  scenario: string;
  enqueued: number;
  ran: number;
  lost: number;
  duplicated: number;
  recoverySeconds: number;
  boundSeconds: number;
  inFlight: number;
}

export interface ChaosOptions {
  workers?: number;
  concurrency?: number;
  jobMs?: number;
  redisArgs?: string[];
  /** The server's data directory (kept across a restart). */
  dir?: string;
}

export class ChaosRun {
  readonly workers: ChaosWorker[] = [];
  readonly concurrency: number;
  private constructor(
    public server: PrivateRedis,
    readonly admin: Redis,
    readonly tmp: string,
    private readonly options: ChaosOptions,
  ) {
    this.concurrency = options.concurrency ?? 10;
  }

  /** Starts Redis and the worker processes (each behind its own proxy), once all are running. */
  static async start(options: ChaosOptions = {}): Promise<ChaosRun> {
    const server = await startPrivateRedis({ args: options.redisArgs, dir: options.dir });
    const admin = new Redis(server.url, { maxRetriesPerRequest: null, commandTimeout: 5000 });
    admin.on('error', () => undefined);
    const run = new ChaosRun(server, admin, mkdtempSync(path.join(tmpdir(), 'chaos-')), options);
    const started = [];
    for (let i = 0; i < (options.workers ?? 2); i++) started.push(run.spawn(`w${i + 1}`));
    await Promise.all(started);
    return run;
  }

  private async spawn(name: string): Promise<void> {
    const proxy = new ChaosProxy(this.server.port);
    await proxy.start();
    const log = path.join(this.tmp, `${name}.log`);
    const child = fork(path.join(__dirname, 'chaos-worker.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
      env: {
        ...process.env,
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_PROJECT: path.join(__dirname, '..', '..', 'tsconfig.json'),
        REDIS_URL: proxy.url,
        RUN_LOG: log,
        WORKER_NAME: name,
        CONCURRENCY: String(this.concurrency),
        JOB_MS: String(this.options.jobMs ?? 20),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker: ChaosWorker = {
      name,
      proxy,
      child,
      log,
      crashed: null,
      expectedExit: false,
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
    };
    child.once('exit', (code, signal) => {
      if (!worker.expectedExit) worker.crashed = `${name} exited with ${code ?? signal}`;
    });
    this.workers.push(worker);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', () => reject(new Error(`${name} exited before it started`)));
    });
  }

  /** Enqueues `n` jobs directly (not through a proxy); returns their ids. */
  async enqueue(n: number): Promise<string[]> {
    const enqueuer = new Enqueuer({
      namespace: 'chaos',
      redis: this.server.url,
      logger: silentLogger,
    });
    const ids: string[] = [];
    for (let i = 0; i < n; i += 1000) {
      const jobs = await enqueuer.enqueueBulk(
        Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({
          name: 'chaos',
          args: { i: i + k },
        })),
      );
      ids.push(...jobs.map((j) => j.id));
    }
    await enqueuer.close();
    return ids;
  }

  /** Completed runs per job id, from every worker's log. */
  runs(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const w of this.workers) {
      if (!existsSync(w.log)) continue;
      for (const id of readFileSync(w.log, 'utf8').split('\n'))
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  /** Resolves once `count` jobs have completed at least once. */
  async waitForRan(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.runs().size < count) {
      if (Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * Waits (up to `boundSeconds` after `faultEndedAt`, plus a grace period so a miss is measured
   * rather than cut off) until every id ran; returns the figures.
   */
  async figures(
    scenario: string,
    ids: string[],
    faultEndedAt: number,
    boundSeconds: number,
  ): Promise<ChaosFigures> {
    const wanted = new Set(ids);
    const done = () => [...wanted].every((id) => this.runs().has(id));
    const deadline = faultEndedAt + (boundSeconds + 30) * 1000;
    let traced = 0;
    while (!done() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      if (process.env.CHAOS_TRACE && Date.now() - traced > 1000) {
        traced = Date.now();
        process.stdout.write(
          `t+${((Date.now() - faultEndedAt) / 1000).toFixed(1)} ran ${this.runs().size} ${await this.whereAreJobs()}\n`,
        );
      }
    }
    const recoverySeconds = (Date.now() - faultEndedAt) / 1000;
    const runs = this.runs();
    let ran = 0;
    let duplicated = 0;
    for (const id of ids) {
      const n = runs.get(id) ?? 0;
      if (n > 0) ran++;
      if (n > 1) duplicated += n - 1;
    }
    const figures: ChaosFigures = {
      scenario,
      enqueued: ids.length,
      ran,
      lost: ids.length - ran,
      duplicated,
      recoverySeconds: Math.round(recoverySeconds * 10) / 10,
      boundSeconds,
      inFlight: this.workers.length * this.concurrency,
    };
    console.log(
      `chaos ${scenario}: enqueued ${figures.enqueued} / ran ${figures.ran} / lost ${figures.lost} / duplicated ${figures.duplicated} / recovery ${figures.recoverySeconds} s (bound ${boundSeconds} s)`,
    );
    if (figures.lost > 0)
      console.log(`chaos ${scenario}: where the lost jobs are: ${await this.whereAreJobs()}`);
    return figures;
  }

  /** Where jobs sit in Redis, to explain a loss. */
  private async whereAreJobs(): Promise<string> {
    const keys = await this.admin.keys('chaos:*');
    const parts: string[] = [];
    for (const key of keys.sort()) {
      const type = await this.admin.type(key);
      if (type === 'list') parts.push(`${key}=${await this.admin.llen(key)}`);
      else if (type === 'zset') parts.push(`${key}=${await this.admin.zcard(key)}`);
      else if (/lock/.test(key))
        parts.push(
          `${key}=${JSON.stringify(type === 'hash' ? await this.admin.hgetall(key) : await this.admin.get(key))}`,
        );
    }
    return parts.join(' ');
  }

  /** Processes that died without being told to. */
  crashes(): string[] {
    return this.workers.map((w) => w.crashed).filter((c): c is string => c !== null);
  }

  /** SIGKILLs a worker (on purpose). */
  async kill(worker: ChaosWorker): Promise<void> {
    worker.expectedExit = true;
    worker.child.kill('SIGKILL');
    await worker.exited;
  }

  /** Stops every worker with SIGTERM (each must exit 0), then the proxies and Redis. */
  async stop(): Promise<string[]> {
    const failures: string[] = [];
    for (const w of this.workers) {
      if (w.child.exitCode !== null || w.child.signalCode !== null) continue;
      w.expectedExit = true;
      w.child.kill('SIGTERM');
      const timer = setTimeout(() => w.child.kill('SIGKILL'), 15_000);
      await w.exited;
      clearTimeout(timer);
      if (w.child.exitCode !== 0)
        failures.push(`${w.name} stopped with ${w.child.exitCode ?? w.child.signalCode}`);
    }
    for (const w of this.workers) await w.proxy.stop();
    this.admin.disconnect();
    await this.server.stop();
    rmSync(this.tmp, { recursive: true, force: true });
    return failures;
  }
}
