/**
 * `work dashboard [--listen HOST:PORT] [--base-path /PATH] [--read-only]`: serves the dashboard
 * for the namespace (UI at `<base>/`, API at `<base>/api`) until the process is stopped. It says
 * when Redis cannot be reached and keeps trying, rather than failing: the page shows the outage.
 */
import type { Command } from 'commander';
import type { Run } from '../run';

interface DashboardOptions {
  listen?: string;
  basePath?: string;
  readOnly?: boolean;
}

export function registerDashboard(program: Command, run: Run): void {
  program
    .command('dashboard')
    .description('serve the dashboard for the namespace until stopped')
    .option(
      '--listen <host:port>',
      'address to serve on (env DASHBOARD_LISTEN; default 127.0.0.1:5040, loopback only)',
    )
    .option(
      '--base-path <path>',
      'URL path the dashboard lives under (env DASHBOARD_BASE_PATH; default /)',
    )
    .option('--read-only', 'no actions in the page; the API refuses every change (403)')
    .action((options: DashboardOptions, command: Command) =>
      run(command, async (ctx) => {
        // Loaded only here: the other commands never load Nest.
        const { startStandaloneDashboard } = await import('../../dashboard/standalone-dashboard');
        const served = await startStandaloneDashboard(
          {
            redisUrl: ctx.redisUrl,
            namespace: ctx.namespace,
            listen: options.listen ?? ctx.io.env.DASHBOARD_LISTEN ?? '127.0.0.1:5040',
            basePath: options.basePath ?? ctx.io.env.DASHBOARD_BASE_PATH ?? '/',
            readOnly: options.readOnly ?? false,
          },
          (line) => ctx.io.out(line),
        );
        ctx.keepServing(served.close);
      }),
    );
}
