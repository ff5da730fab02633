/**
 * Spawns a process script of test/crash (worker-process.ts unless named) as a real Node process,
 * through ts-node (transpile only).
 */
import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';

const children = new Set<ChildProcess>();

/** SIGKILLs every worker process still alive (call in afterEach, so a failed test leaves none). */
export function killWorkers(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

export function spawnWorker(
  env: Record<string, string>,
  script = 'worker-process.ts',
): {
  child: ChildProcess;
  started: Promise<void>;
  exited: Promise<void>;
} {
  const child = fork(path.join(__dirname, script), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: {
      ...process.env,
      ...env,
      TS_NODE_TRANSPILE_ONLY: 'true',
      TS_NODE_PROJECT: path.join(__dirname, '..', '..', 'tsconfig.json'),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const started = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker process exited early with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, started, exited };
}
