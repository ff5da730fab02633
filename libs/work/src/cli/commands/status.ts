/** `work queues` and `work processes`: what the dashboard's Queues and Processes pages show. */
import type { Command } from 'commander';
import type { Run } from '../run';
import { columns } from '../table';

export function registerStatus(program: Command, run: Run): void {
  program
    .command('queues')
    .description('every known job name with its queue length, latency and pause state')
    .action((_options: unknown, command: Command) =>
      run(command, async (ctx) => {
        const queues = await (await ctx.client()).queues();
        ctx.print(queues, (qs) =>
          qs.length === 0
            ? ['no job names are known in this namespace']
            : columns(
                ['NAME', 'QUEUED', 'LATENCY_S', 'IN_FLIGHT', 'MAX_CONCURRENCY', 'STATE'],
                qs.map((q) => [
                  q.job_name,
                  q.count,
                  q.latency,
                  q.lock,
                  q.max_concurrency || 'unlimited',
                  q.paused ? 'paused' : 'active',
                ]),
              ),
        );
      }),
    );

  program
    .command('processes')
    .description('worker pools with a heartbeat, and the jobs their workers are running')
    .action((_options: unknown, command: Command) =>
      run(command, async (ctx) => {
        const client = await ctx.client();
        const pools = await client.workerPoolHeartbeats();
        const busy = (await client.workerObservations()).filter((w) => w.is_busy);
        ctx.print({ pools, busy }, (r) => [
          ...(r.pools.length === 0
            ? ['no worker pool has a heartbeat']
            : columns(
                ['POOL', 'HOST', 'PID', 'CONCURRENCY', 'HEARTBEAT_AGO_S', 'JOBS'],
                r.pools.map((p) => [
                  p.worker_pool_id,
                  p.host,
                  p.pid,
                  p.concurrency,
                  p.heartbeat_at
                    ? Math.max(0, Math.round(Date.now() / 1000 - p.heartbeat_at))
                    : '-',
                  p.job_names.join(','),
                ]),
              )),
          ...(r.busy.length === 0
            ? []
            : [
                '',
                ...columns(
                  ['WORKER', 'JOB', 'ID', 'STARTED', 'CHECKIN'],
                  r.busy.map((w) => [
                    w.worker_id,
                    w.job_name,
                    w.job_id,
                    new Date(w.started_at * 1000).toISOString(),
                    w.checkin,
                  ]),
                ),
              ]),
        ]);
      }),
    );

  for (const [name, paused] of [
    ['pause', true],
    ['unpause', false],
  ] as const) {
    program
      .command(name)
      .description(
        paused
          ? 'stop every pool (Go too) fetching jobs of NAME'
          : 'let pools fetch jobs of NAME again',
      )
      .argument('<name>', 'job name')
      .action((job: string, _options: unknown, command: Command) =>
        run(command, async (ctx) => {
          const client = await ctx.client();
          if (paused) await client.pauseJob(job);
          else await client.unpauseJob(job);
          ctx.print({ status: 'ok', name: job, paused }, () => [
            `${paused ? 'paused' : 'resumed'} ${job}`,
          ]);
        }),
      );
  }
}
