/**
 * Enqueueing while Redis cannot be reached: each call rejects within the command timeout with one
 * RedisUnavailableError, and the wake-up PUBLISH that follows the push can no longer reject
 * unhandled and end the host process.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from 'nestjs-gocraft-work/testing';

jest.setTimeout(30_000);

describe('enqueue with Redis down', () => {
  it('rejects each call within the command timeout with one clear error; the process lives', async () => {
    const child = fork(path.join(__dirname, 'enqueue-process.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
      env: { ...process.env, REDIS_PORT: String(await freePort()), TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const report = new Promise<unknown>((resolve) => child.once('message', resolve));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const first = await Promise.race([report, exit.then((code) => ({ exited: code }))]);
    expect(first).not.toHaveProperty('exited');
    expect(await exit).toBe(0);
    const outcomes = first as Array<{ call: string; ms: number; error: string; name: string }>;
    expect(outcomes.map((o) => o.call)).toEqual(['enqueue', 'enqueueBulk', 'enqueueUnique']);
    for (const outcome of outcomes) {
      expect(outcome.name).toBe('RedisUnavailableError');
      expect(outcome.error).toMatch(
        / failed: Redis (did not answer within the command timeout|could not be reached)/,
      );
      // The documented bound: the command timeout (500 ms here) plus a little scheduling slack.
      expect(outcome.ms).toBeLessThan(500 + 400);
    }
  });
});
