import type { Job } from './job';

/** Seconds to wait before retrying a failed job; receives the job with `fails` already counted. */
export type BackoffCalculator = (job: Job) => number;

/**
 * gocraft's default backoff: fails^4 + 15 + R*(fails+1) seconds, R uniform in 0..29 (spec §6.5).
 */
export function defaultBackoff(job: Job, random: () => number = Math.random): number {
  const fails = job.fails;
  return fails ** 4 + 15 + Math.floor(random() * 30) * (fails + 1);
}
