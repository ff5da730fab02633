/**
 * `work retry|scheduled|dead list [--name N] [--q TEXT] [--limit K] [--order asc|desc]` and
 * `work retry|scheduled|dead retry|delete ID|--all [--name N] [--q TEXT]`. "retry" on the retry and
 * scheduled sets runs the job now (to its queue); on dead it puts the job back on its queue.
 * With --all the filter is applied by Redis over the whole set, as the dashboard's bulk actions do.
 */
import type { Command } from 'commander';
import type { ClientApi, JobFilter, JobSet } from '../../core';
import { CliContext, FailedError, UsageError } from '../cli-context';
import type { Run } from '../run';
import { columns } from '../table';

interface ListOptions {
  name?: string;
  q?: string;
  limit: string;
  order?: string;
}

interface ActOptions {
  all?: boolean;
  name?: string;
  q?: string;
}

const TIME_LABEL: Record<JobSet, string> = {
  retry: 'RETRY_AT',
  scheduled: 'RUN_AT',
  dead: 'DIED_AT',
};

function limitFrom(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000)
    throw new UsageError(`--limit must be an integer from 1 to 1000, got "${value}"`);
  return Number(value);
}

function filterOf(options: { name?: string; q?: string }): JobFilter {
  return { name: options.name || undefined, q: options.q || undefined };
}

async function list(ctx: CliContext, set: JobSet, options: ListOptions): Promise<void> {
  const limit = limitFrom(options.limit);
  if (options.order !== undefined && options.order !== 'asc' && options.order !== 'desc')
    throw new UsageError(`--order must be asc or desc, got "${options.order}"`);
  const order =
    (options.order as 'asc' | 'desc' | undefined) ?? (set === 'scheduled' ? 'asc' : 'desc');
  const client = await ctx.client();
  const jobs = [];
  let cursor: number | null = 0;
  let total = 0;
  // A filter may need several bounded steps to find `limit` matches in a large set.
  while (cursor !== null && jobs.length < limit) {
    const step = await client.searchJobs(set, {
      ...filterOf(options),
      cursor,
      order,
      limit: limit - jobs.length,
    });
    jobs.push(...step.jobs);
    total = step.total;
    cursor = step.cursor;
  }
  ctx.print({ set, total, jobs }, (r) =>
    r.jobs.length === 0
      ? [`no ${set} jobs${options.name || options.q ? ' match' : ''} (${r.total} in the set)`]
      : columns(
          [TIME_LABEL[set], 'NAME', 'ID', 'FAILS', 'ARGS', 'ERROR'],
          r.jobs.map((j) => [
            new Date(j.score * 1000).toISOString(),
            j.name,
            j.id,
            j.fails,
            j.raw ?? JSON.stringify(j.args),
            j.err,
          ]),
        ),
  );
}

/** Acts on one job by id: finds where it is (it must be in `set`), then retries or deletes it. */
async function actOne(
  client: ClientApi,
  set: JobSet,
  action: 'retry' | 'delete',
  id: string,
): Promise<void> {
  const found = await client.findJob(id);
  if (!found) throw new FailedError(`no job with id ${id} in retry, scheduled or dead`);
  if (found.set !== set) throw new FailedError(`job ${id} is in ${found.set}, not in ${set}`);
  const score = found.score;
  if (action === 'delete') {
    if (set === 'dead') await client.deleteDeadJob(score, id);
    else if (set === 'retry') await client.deleteRetryJob(score, id);
    else await client.deleteScheduledJob(score, id);
  } else if (set === 'dead') await client.retryDeadJob(score, id);
  else if (set === 'retry') await client.runRetryJobNow(score, id);
  else await client.runScheduledJobNow(score, id);
}

async function actAll(
  client: ClientApi,
  set: JobSet,
  action: 'retry' | 'delete',
  filter: JobFilter,
) {
  if (action === 'delete') return { deleted: await client.deleteMatchingJobs(set, filter) };
  if (set === 'dead') return client.retryDeadJobsMatching(filter);
  return client.runAllJobsNow(set, filter);
}

function describeAll(result: Record<string, number>): string {
  return Object.entries(result)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export function registerSets(program: Command, run: Run): void {
  for (const set of ['retry', 'scheduled', 'dead'] as const) {
    const group = program.command(set).description(`list, retry or delete ${set} jobs`);
    group
      .command('list')
      .description(`list ${set} jobs (${set === 'scheduled' ? 'soonest' : 'newest'} first)`)
      .option('--name <name>', 'only jobs of this name')
      .option('--q <text>', 'only jobs whose JSON contains this text')
      .option('--limit <k>', 'most jobs to show (1..1000)', '20')
      .option('--order <order>', 'asc or desc by time')
      .action((options: ListOptions, command: Command) =>
        run(command, (ctx) => list(ctx, set, options)),
      );
    for (const action of ['retry', 'delete'] as const) {
      group
        .command(action)
        .description(
          action === 'delete'
            ? `delete one ${set} job by id, or every one (--all, narrowed by --name/--q)`
            : set === 'dead'
              ? 'put one dead job back on its queue, or every one (--all, narrowed by --name/--q)'
              : `run one ${set} job now, or every one (--all, narrowed by --name/--q)`,
        )
        .argument('[id]', 'job id')
        .option('--all', 'every job of the set (that matches --name/--q)')
        .option('--name <name>', 'with --all: only jobs of this name')
        .option('--q <text>', 'with --all: only jobs whose JSON contains this text')
        .action((id: string | undefined, options: ActOptions, command: Command) =>
          run(command, async (ctx) => {
            if ((id === undefined) === !options.all)
              throw new UsageError(`${set} ${action} needs a job id or --all (not both)`);
            if (!options.all && (options.name || options.q))
              throw new UsageError('--name and --q only narrow --all');
            const client = await ctx.client();
            if (id !== undefined) {
              await actOne(client, set, action, id);
              ctx.print({ status: 'ok', set, action, id }, () => [
                `${action === 'delete' ? 'deleted' : 'retried'} ${id}`,
              ]);
              return;
            }
            const result = (await actAll(
              client,
              set,
              action,
              filterOf(options),
            )) as unknown as Record<string, number>;
            ctx.print({ status: 'ok', set, action, ...result }, () => [
              `${set} ${action} --all: ${describeAll(result)}`,
            ]);
          }),
        );
    }
  }
}
