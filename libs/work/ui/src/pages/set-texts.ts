/** The words of the Retry, Scheduled and Dead pages, and the sentences that report bulk results. */
import type { SetName } from '../api';
import { count } from '../format';

export interface SetTexts {
  title: string;
  /** The plural noun for the set's jobs. */
  noun: string;
  time: string;
  /** Per-row action and its past tense. */
  run: string;
  runDone: string;
  runAll: string;
  runMatching: string;
  /** What the run action does, as the end of a sentence. */
  runAllEffect: string;
  /** Sort labels. */
  desc: string;
  asc: string;
  summary: (n: number) => string;
  empty: string;
}

export const SET_TEXTS: Record<SetName, SetTexts> = {
  retry: {
    title: 'Retry',
    noun: 'retry jobs',
    time: 'Retry at',
    run: 'Run now',
    runDone: 'Queued',
    runAll: 'Run all now',
    runMatching: 'Run',
    runAllEffect: 'go to their queues now (jobs whose name no pool knows stay).',
    desc: 'latest retry first',
    asc: 'soonest retry first',
    summary: (n) => `${count(n)} job(s) scheduled to be retried.`,
    empty:
      'No job is waiting to be retried. A job that fails with retries left lands here with its error, until its retry time.',
  },
  scheduled: {
    title: 'Scheduled',
    noun: 'scheduled jobs',
    time: 'Run at',
    run: 'Run now',
    runDone: 'Queued',
    runAll: 'Run all now',
    runMatching: 'Run',
    runAllEffect: 'go to their queues now (jobs whose name no pool knows stay).',
    desc: 'latest first',
    asc: 'soonest first',
    summary: (n) => `${count(n)} job(s) scheduled.`,
    empty:
      'No job is scheduled. Jobs enqueued with a delay (enqueueIn / enqueueAt) wait here until their time.',
  },
  dead: {
    title: 'Dead',
    noun: 'dead jobs',
    time: 'Died at',
    run: 'Retry',
    runDone: 'Retried',
    runAll: 'Retry all',
    runMatching: 'Retry',
    runAllEffect: 'go back to their queues (jobs whose name no pool knows stay dead).',
    desc: 'newest first',
    asc: 'oldest first',
    summary: (n) => `${count(n)} job(s) are dead.`,
    empty:
      'No dead jobs. A job that fails more times than its maxFails allows (or is malformed) ends up here.',
  },
};

/** "1 job", "3 jobs". */
export function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** The toast of a dead-job retry. */
export function retriedText(r: {
  requeued: number;
  unknown: number;
  unencodable?: number;
}): string {
  const stayed = r.unknown + (r.unencodable ?? 0);
  return `Retried ${plural(r.requeued, 'job')}.${stayed ? ` ${count(stayed)} stayed dead (unknown name or unencodable).` : ''}`;
}

/** The toast of a run-now of retry or scheduled jobs. */
export function movedText(r: { moved: number; left: number }): string {
  return `Queued ${plural(r.moved, 'job')}.${r.left ? ` ${count(r.left)} stayed (unknown name, unencodable or not matching).` : ''}`;
}
