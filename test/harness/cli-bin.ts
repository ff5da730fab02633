/**
 * The built `work` bin as the package declares it (`bin.work` of libs/work/package.json), and a
 * way to run it in a real node process. Suites that use it build first (`npm run test:cli`,
 * `npm run test:cluster`).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE = join(__dirname, '..', '..', 'libs', 'work');

/** Absolute path of the built bin. */
export const CLI_BIN = join(
  PACKAGE,
  (JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { bin: { work: string } }).bin
    .work,
);

/** What one run of the bin printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bin with `args` (20 s at most); resolves whatever its exit code. */
export function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_BIN, ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

/** Throws, naming the script that builds it, when the bin has not been built. */
export function requireBuiltCli(script: string): void {
  if (!existsSync(CLI_BIN))
    throw new Error(`${CLI_BIN} is not built: run "npm run ${script}" (it builds first)`);
}
