/**
 * The cost of observability: the drain's processing rate of our engine with logs, job metrics and
 * tracing off, at the defaults, and fully on (Prometheus + a recording OpenTelemetry SDK), each
 * run ROUNDS times in turn so that drift in machine load spreads over all three; the best run of
 * each is kept, as noise only ever slows a run down.
 */
import { now } from './clock';
import { JOB_NAMES, Workload } from './config';
import { oursProducer } from './ours-producer';
import type { RedisTarget } from './redis-target';
import type { RunContext } from './scenario';
import { WorkerHandle } from './worker-handle';

export const OBSERVABILITY_MODES = ['off', 'default', 'full'] as const;
export type ObservabilityMode = (typeof OBSERVABILITY_MODES)[number];
const ROUNDS = 2;

/** One mode's figures: best processing rate, and the least worker CPU per job (less noisy). */
export interface ModeFigures {
  perSec: number;
  cpuUsPerJob: number;
}
export type ObservabilityResult = Record<ObservabilityMode, ModeFigures>;

async function drainOnce(
  mode: ObservabilityMode,
  script: string,
  target: RedisTarget,
  jobs: number,
  chunk: number,
  ctx: RunContext,
): Promise<ModeFigures> {
  const worker = await WorkerHandle.fork({
    script,
    nodeModules: ctx.nodeModules,
    cpuProfileDir: null,
    env: { redisUrl: target.url, prefix: target.prefix },
    extraEnv: { BENCH_OBSERVABILITY: mode },
  });
  const producer = oursProducer(target.url, target.prefix);
  try {
    for (let first = 0, c = 0; first < jobs; first += chunk, c++) {
      const args = Array.from({ length: Math.min(chunk, jobs - first) }, (_, i) => ({
        i: first + i,
      }));
      await producer.enqueueBulk(JOB_NAMES[c % JOB_NAMES.length], args);
    }
    const drained = await worker.request({ type: 'start', expect: jobs }, 'drained');
    await worker.stop();
    return {
      perSec: jobs / ((drained.finishedAt - drained.startedAt) / 1000),
      cpuUsPerJob: (drained.cpuMs * 1000) / jobs,
    };
  } finally {
    worker.kill();
    await producer.close();
    await target.reset();
  }
}

/** Runs every mode ROUNDS times on the drain workload. */
export async function observabilityPhase(
  script: string,
  target: RedisTarget,
  load: Workload,
  ctx: RunContext,
): Promise<ObservabilityResult> {
  const none = () => ({ perSec: 0, cpuUsPerJob: Infinity });
  const best: ObservabilityResult = { off: none(), default: none(), full: none() };
  const started = now();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of OBSERVABILITY_MODES) {
      ctx.log(`[observability] round ${round}/${ROUNDS}: drain of ${load.drainJobs} with ${mode}`);
      const run = await drainOnce(mode, script, target, load.drainJobs, load.bulkChunk, ctx);
      best[mode] = {
        perSec: Math.max(best[mode].perSec, run.perSec),
        cpuUsPerJob: Math.min(best[mode].cpuUsPerJob, run.cpuUsPerJob),
      };
    }
  }
  ctx.log(`[observability] done in ${((now() - started) / 1000).toFixed(1)} s`);
  return best;
}

/** The report lines: each mode's rate and worker CPU per job, with their ratios to `off`. */
export function formatObservability(result: ObservabilityResult, load: Workload): string {
  const { off } = result;
  const line = (mode: ObservabilityMode, what: string) => {
    const { perSec, cpuUsPerJob } = result[mode];
    return `  ${what.padEnd(58)} ${perSec.toFixed(0).padStart(8)} jobs/s ${(perSec / off.perSec).toFixed(3)}x  ${cpuUsPerJob.toFixed(1).padStart(6)} us CPU/job ${(cpuUsPerJob / off.cpuUsPerJob).toFixed(3)}x`;
  };
  return [
    `observability cost (drain of ${load.drainJobs}; best rate and least worker CPU per job during the drain of ${ROUNDS} runs; ratios to off):`,
    line('off', 'off (no job logs, no job metrics, no tracing)'),
    line('default', 'default (job logs, job metrics in Redis, OTel API no SDK)'),
    line('full', 'full (default + Prometheus + recording OTel SDK)'),
  ].join('\n');
}
