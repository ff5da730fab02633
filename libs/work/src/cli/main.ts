#!/usr/bin/env node
/**
 * The package's command line, `work` (also installed as `nestjs-gocraft-work`); see docs/cli.md.
 * Commands that need no Nest never load it.
 */
import { packageInfo } from '../package-root';
import { runCli } from './program';

runCli(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  },
  packageInfo().version,
).then(
  ({ code, serving }) => {
    process.exitCode = code;
    // A failed connection can leave an ioredis timer behind for seconds; the answer is given.
    // The dashboard keeps serving until the process is stopped.
    if (!serving) setTimeout(() => process.exit(code), 100).unref();
  },
  (err: Error) => {
    process.stderr.write(`work: ${err.message}\n`);
    process.exitCode = 1;
  },
);
