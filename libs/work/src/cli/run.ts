/**
 * Runs one command's action with a {@link CliContext} and turns its outcome into an exit code:
 * usage mistakes are 2, failed operations (and any library error) 1, each with a one-line reason.
 */
import type { Command } from 'commander';
import { WorkConfigError } from '../core';
import {
  CliContext,
  CliIo,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  GlobalOptions,
  UsageError,
} from './cli-context';

/** What an action does with its context. */
export type Action = (ctx: CliContext) => Promise<void>;

/** Runs an action; resolves when done, recording the exit code. */
export type Run = (command: Command, action: Action) => Promise<void>;

/** What a run leaves: its exit code, and whether a command is still serving (the dashboard). */
export interface RunResult {
  code: number;
  serving: boolean;
}

/** A runner that writes to `io` and records the outcome in `result`. */
export function runner(io: CliIo, result: RunResult): Run {
  return async (command, action) => {
    let ctx: CliContext | null = null;
    try {
      ctx = new CliContext(command.optsWithGlobals<GlobalOptions>(), io);
      await action(ctx);
      result.code = EXIT_OK;
      result.serving = ctx.serving !== null;
    } catch (err) {
      result.code = exitCodeOf(err);
      const message = ((err as Error).message || String(err)).split('\n')[0];
      if (ctx?.json ?? command.optsWithGlobals<GlobalOptions>().json)
        io.err(JSON.stringify({ error: message, exit_code: result.code }));
      else io.err(`work: ${message}`);
    } finally {
      await ctx?.close();
    }
  };
}

/** Bad input (ours or the library's option checks) is usage; everything else a failure. */
function exitCodeOf(err: unknown): number {
  return err instanceof UsageError || err instanceof WorkConfigError ? EXIT_USAGE : EXIT_FAILED;
}
