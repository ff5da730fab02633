/**
 * Starts and stops private `redis-server` processes on free loopback ports.
 * For tests and demos: never touches a Redis it did not start. Exported by `nestjs-gocraft-work/testing`
 * and used by this repo's test harness, benchmark and demo.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running private redis-server. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  readonly dir: string;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period) and removes its directory. */
  stop(): Promise<void>;
}

/** Options for {@link startPrivateRedis}. */
export interface PrivateRedisOptions {
  /** Extra redis-server arguments, e.g. `['--appendonly', 'yes']`. */
  args?: string[];
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Data directory; a fresh temporary one when omitted. */
  dir?: string;
}

/** The message shown when redis-server cannot be found, saying exactly what to do. */
export function redisServerMissingMessage(): string {
  return [
    'redis-server was not found on PATH.',
    'Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`, macOS: `brew install redis`),',
    'or point REDIS_URL at a Redis you own, e.g. REDIS_URL=redis://127.0.0.1:6379/15.',
  ].join('\n');
}

/** True when a `redis-server` binary is on PATH. */
export function hasRedisServer(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port, or rejects at the deadline. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`redis-server did not listen on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Starts a private redis-server with persistence off (unless `args` turn it on). */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  if (!hasRedisServer()) throw new Error(redisServerMissingMessage());
  const port = options.port ?? (await freePort());
  const ownsDir = !options.dir;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'work-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    ...(options.args ?? []),
  ];
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => {
        throw new Error(`redis-server exited at start: ${stderr.trim()}`);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    dir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
