/**
 * `work enqueue NAME [--args JSON] [--in 30s] [--unique | --unique-key JSON]`: what gocraft's
 * `workenqueue` does, through the same Enqueuer an app uses, so the bytes in Redis are the
 * library's (and Go's) own.
 */
import type { Command } from 'commander';
import type { Args } from '../../core';
import { CliContext, FailedError, UsageError } from '../cli-context';
import type { Run } from '../run';

/** `30`, `30s`, `5m`, `2h`, `1d` in seconds. */
export function secondsFrom(value: string): number {
  const match = /^(\d+)(s|m|h|d)?$/.exec(value.trim());
  if (!match)
    throw new UsageError(`--in must be a duration such as 30s, 5m, 2h or 1d, got "${value}"`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** A JSON object option (job args and unique keys are objects). */
export function jsonObjectFrom(option: string, value: string): Args {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new UsageError(`${option} must be a JSON object: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError(`${option} must be a JSON object such as '{"user_id":1}', got ${value}`);
  return parsed as Args;
}

interface EnqueueOptions {
  args?: string;
  in?: string;
  unique?: boolean;
  uniqueKey?: string;
}

export function registerEnqueue(program: Command, run: Run): void {
  program
    .command('enqueue')
    .description('put a job on its queue (or schedule it with --in)')
    .argument('<name>', 'job name')
    .option('--args <json>', 'job arguments, a JSON object')
    .option('--in <duration>', 'run later: 30s, 5m, 2h, 1d')
    .option('--unique', 'skip if a job with the same name and args is queued or scheduled')
    .option(
      '--unique-key <json>',
      'skip if a job holding this key (a JSON object) is queued or scheduled',
    )
    .action((name: string, options: EnqueueOptions, command: Command) =>
      run(command, async (ctx: CliContext) => {
        if (options.unique && options.uniqueKey)
          throw new UsageError('--unique and --unique-key cannot be used together');
        const args = options.args === undefined ? null : jsonObjectFrom('--args', options.args);
        const delay = options.in === undefined ? null : secondsFrom(options.in);
        const keyMap =
          options.uniqueKey === undefined
            ? null
            : jsonObjectFrom('--unique-key', options.uniqueKey);
        const enqueuer = await ctx.enqueuer();
        let job;
        if (keyMap)
          job =
            delay === null
              ? await enqueuer.enqueueUniqueByKey(name, args, keyMap)
              : await enqueuer.enqueueUniqueInByKey(name, delay, args, keyMap);
        else if (options.unique)
          job =
            delay === null
              ? await enqueuer.enqueueUnique(name, args)
              : await enqueuer.enqueueUniqueIn(name, delay, args);
        else
          job =
            delay === null
              ? await enqueuer.enqueue(name, args)
              : await enqueuer.enqueueIn(name, delay, args);
        if (!job)
          throw new FailedError(
            `not enqueued: a ${name} job with the same unique key is already queued or scheduled`,
          );
        const runAt = 'runAt' in job ? (job as { runAt: number }).runAt : null;
        ctx.print(
          {
            status: 'ok',
            name: job.name,
            id: job.id,
            enqueued_at: job.enqueuedAt,
            run_at: runAt,
            args: job.args,
          },
          (r) => [
            runAt === null
              ? `enqueued ${r.name} ${r.id}`
              : `scheduled ${r.name} ${r.id} to run at ${new Date(runAt * 1000).toISOString()}`,
          ],
        );
      }),
    );
}
