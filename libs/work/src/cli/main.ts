#!/usr/bin/env node
/**
 * The package's command line (`work`, also installed as `nestjs-gocraft-work`). Each command is
 * loaded only when asked for, so commands that need no Nest never load it.
 */
import { packageInfo } from '../package-root';

const USAGE = `usage: work <command> [options]
commands:
  dashboard   serve the dashboard for a namespace (work dashboard --help)
options:
  --version   print the package version
  --help      print this help`;

/** The dashboard runs on Nest, an optional peer: say what to install instead of a stack trace. */
function nestMissing(err: NodeJS.ErrnoException): never {
  if (err.code === 'MODULE_NOT_FOUND' && /@nestjs\/|reflect-metadata|rxjs/.test(err.message)) {
    throw new Error(
      `the dashboard command needs Nest: npm install @nestjs/common @nestjs/core @nestjs/platform-express reflect-metadata rxjs (${err.message.split('\n')[0]})`,
    );
  }
  throw err;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'dashboard': {
      const { runDashboardCommand } = await import('./dashboard-command').catch(nestMissing);
      return runDashboardCommand(rest, process.env);
    }
    case '--version':
      console.log(packageInfo().version);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return 0;
    default:
      console.error(`work: unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: Error) => {
    console.error(`work: ${err.message}`);
    process.exit(1);
  },
);
