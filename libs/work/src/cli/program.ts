/**
 * The `work` command line, on commander: every command, the global options, and exit codes 0
 * (done), 1 (the operation failed) and 2 (bad usage, with a one-line reason). It needs only Redis
 * and works on a namespace that only gocraft's Go pools serve.
 */
import { Command, CommanderError } from 'commander';
import { CliIo, EXIT_OK, EXIT_USAGE } from './cli-context';
import { registerEnqueue } from './commands/enqueue';
import { registerSets } from './commands/sets';
import { registerStatus } from './commands/status';
import { RunResult, runner } from './run';
import { registerDashboard } from './commands/dashboard';

/** Commands added by other modules (the dashboard's lives with the standalone server). */
export type RegisterCommand = (program: Command, run: ReturnType<typeof runner>) => void;

/** Builds the program; `extra` registers more commands. */
export function buildProgram(
  io: CliIo,
  result: RunResult,
  version: string,
  extra: RegisterCommand[] = [],
): Command {
  const program = new Command('work')
    .description('operate gocraft/work namespaces: enqueue, inspect, retry, delete, pause')
    .version(version)
    .option(
      '--redis <address>',
      'a redis:// or rediss:// URL, host:port, cluster://host:port,host:port or sentinel://host:port,host:port/<master> (env WORK_REDIS or REDIS_URL; default 127.0.0.1:6379)',
    )
    .option(
      '--redis-ca-file <path>',
      "PEM file of the CA that signed Redis' certificate; turns TLS on (env WORK_REDIS_CA_FILE)",
    )
    .option('--ns <namespace>', 'gocraft namespace (env WORK_NAMESPACE; default "work")')
    .option(
      '--shards <n>',
      'the namespace is sharded over n hash-tagged namespaces {<ns>-0}..; every command covers all of them (env WORK_SHARDS)',
    )
    .option('--json', 'machine-readable output: one JSON document per command')
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      // Commander's own errors are usage errors: one line, exit 2.
      writeErr: (s) => io.err(s.replace(/\n$/, '').split('\n')[0]),
    })
    .exitOverride();
  const run = runner(io, result);
  registerEnqueue(program, run);
  registerStatus(program, run);
  registerSets(program, run);
  registerDashboard(program, run);
  for (const register of extra) register(program, run);
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput());
    for (const sub of command.commands)
      sub.exitOverride().configureOutput(program.configureOutput());
  }
  return program;
}

/**
 * Runs the CLI on `argv` (without node and script); resolves to the exit code, and whether a
 * command (the dashboard) keeps serving after it returned.
 */
export async function runCli(
  argv: string[],
  io: CliIo,
  version: string,
  extra: RegisterCommand[] = [],
): Promise<RunResult> {
  const result: RunResult = { code: EXIT_OK, serving: false };
  const program = buildProgram(io, result, version, extra);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here too, with their own exit code 0.
      return { code: err.exitCode === 0 ? EXIT_OK : EXIT_USAGE, serving: false };
    }
    throw err;
  }
  return result;
}
