/**
 * `npm run bench`: our engine against BullMQ on the same workload, in one run, on one Redis.
 * See docs/benchmarks.md for what each figure means. Progress goes to stderr, results to stdout;
 * the last stdout line is the machine-readable `bench:` line.
 *
 * Environment: REDIS_URL to use an existing Redis (keys under a per-run prefix, deleted after);
 * BENCH_CPU_PROF=<dir> to write a V8 CPU profile of each worker process (slows it down);
 * BENCH_JOBS / BENCH_SEQ_JOBS / BENCH_IDLE_SAMPLES to shrink the workload while developing;
 * BENCH_LARGE=1 to add the 1M-queued memory scenario.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { clusterScenario } from './cluster-scenario';
import { breadthWorkerCpuMs, runBreadth } from './breadth';
import { compileForWorkers } from './compile';
import { describeMachineLoad, ownCpuMs, readMachineCpu } from './machine-load';
import { workload } from './config';
import { bullmqProducer } from './bullmq-producer';
import { oursProducer } from './ours-producer';
import { redisCpuSeconds } from './redis-cpu';
import { openRedisTarget, RedisTarget } from './redis-target';
import { formatReport } from './report';
import { RunContext, runSystem } from './scenario';
import { formatObservability, observabilityPhase } from './observability';

const ROOT = resolve(__dirname, '..');

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Which engine code was measured: the commit, and whether libs/ had uncommitted changes. */
function engineRevision(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'libs') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in libs/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The facts that make figures comparable between machines. */
async function describeMachine(target: RedisTarget): Promise<string[]> {
  const info = await target.control.info('server');
  const redisVersion = /^redis_version:(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
  return [
    `machine: ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown model'}), node ${process.version}, redis ${redisVersion}`,
    `engine: ${engineRevision()}`,
    `redis: ${target.private ? 'private redis-server, persistence off' : `REDIS_URL (shared; keys under ${target.prefix}*)`}`,
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  const load = workload();
  log('compiling the worker scripts to plain JavaScript');
  const build = compileForWorkers(ROOT);
  const target = await openRedisTarget();
  try {
    const header = await describeMachine(target);
    const cpuProfileDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : null;
    if (cpuProfileDir)
      header.push(
        `CPU profiles of the worker processes go to ${cpuProfileDir} (figures are slowed by profiling)`,
      );
    header.forEach(log);
    const ctx: RunContext = {
      nodeModules: join(ROOT, 'node_modules'),
      cpuProfileDir,
      log,
    };
    await target.reset();
    const machineBefore = readMachineCpu();
    const parentBefore = ownCpuMs();
    const redisBefore = await redisCpuSeconds(target.control);
    const oursSpec = {
      label: 'ours',
      producer: oursProducer,
      workerScript: build.script('ours-worker'),
    };
    const bullSpec = {
      label: 'BullMQ',
      producer: bullmqProducer,
      workerScript: build.script('bullmq-worker'),
    };
    const ours = await runSystem(oursSpec, target, load, ctx);
    const bull = await runSystem(bullSpec, target, load, ctx);
    const breadth = await runBreadth(oursSpec, bullSpec, target, load, ctx);
    // Redis counts as ours only when we started it; a REDIS_URL server's load is someone else's.
    const redisMs = target.private
      ? ((await redisCpuSeconds(target.control)) - redisBefore) * 1000
      : 0;
    const workersMs = ours.workerCpuMs + bull.workerCpuMs + breadthWorkerCpuMs(breadth);
    const benchCpuMs = ownCpuMs() - parentBefore + workersMs + redisMs;
    header.push(describeMachineLoad(machineBefore, readMachineCpu(), benchCpuMs));
    // After the load check: that check covers the ours/BullMQ comparison only.
    const observability = await observabilityPhase(
      build.script('ours-observed-worker'),
      target,
      load,
      ctx,
    );
    // The cluster scenario runs after the main figures and prints before the final `bench:` line.
    const cluster = await clusterScenario(log);
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const report = formatReport(ours, bull, breadth, load).split('\n');
    const last = report.pop();
    const body = [...report, '', ...cluster, last].join('\n');
    process.stdout.write(
      `${header.join('\n')}\n\n${formatObservability(observability, load)}\n\n${body}\n`,
    );
  } finally {
    await target.close();
    build.remove();
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
