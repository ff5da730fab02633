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

/** The dashboard runs on Nest, an optional peer: say what to install instead of a stack trace. */
function nestMissing(err: NodeJS.ErrnoException): never {
  if (err.code === 'MODULE_NOT_FOUND' && /@nestjs\/|reflect-metadata|rxjs/.test(err.message)) {
    throw new Error(
      `the dashboard command needs Nest: npm install @nestjs/common @nestjs/core @nestjs/platform-express reflect-metadata rxjs (${err.message.split('\n')[0]})`,
    );
  }
  throw err;
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
        await import('reflect-metadata').catch(nestMissing);
        const { serveDashboard } = await import('../../dashboard/standalone/serve-dashboard').catch(
          nestMissing,
        );
        const readOnly = options.readOnly ?? false;
        ctx.io.out(
          `dashboard for namespace "${ctx.namespace}"${ctx.shards ? ` (${ctx.shards} shards)` : ''} on ${ctx.shownUrl()}${readOnly ? ' (read-only)' : ''}`,
        );
        const served = await serveDashboard({
          redis: ctx.redisAddress,
          redisCaFile: ctx.redisCaFile,
          namespace: ctx.namespace,
          shards: ctx.shards,
          listen: options.listen ?? ctx.io.env.DASHBOARD_LISTEN,
          basePath: options.basePath ?? ctx.io.env.DASHBOARD_BASE_PATH,
          readOnly,
          report: (line) => ctx.io.out(line),
        });
        served.app.enableShutdownHooks();
        ctx.io.out(`open ${served.url}  (JSON API ${served.url}api/queues)`);
        ctx.keepServing(() => served.close());
      }),
    );
}
