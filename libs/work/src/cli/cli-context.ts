/**
 * What every `work` command shares: the global options (`--redis`, `--ns`, `--json`), one Redis
 * connection that fails fast instead of retrying (a terminal wants an answer, not a hang), the
 * Client and Enqueuer on it, output as text or JSON, and the exit codes: 0 done, 1 the operation
 * failed (Redis unreachable, job not found, duplicate), 2 bad usage.
 */
import Redis from 'ioredis';
import { Client, Enqueuer, WorkLogger } from '../core';

/** Exit codes of the CLI. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A command's input was wrong: exit 2 with this one-line reason. */
export class UsageError extends Error {}

/** The operation did not happen (or not fully): exit 1 with this reason. */
export class FailedError extends Error {}

/** The global options every command receives. */
export interface GlobalOptions {
  /** A redis:// URL or host:port. */
  redis?: string;
  /** gocraft namespace. */
  ns?: string;
  /** Machine-readable output. */
  json?: boolean;
}

/** How long the CLI waits to connect before it reports Redis unreachable. */
const CONNECT_TIMEOUT_MS = 3000;

/** Accepts a redis:// URL or a bare host:port / :port / host. */
export function redisUrlFrom(value: string): string {
  if (/^rediss?:\/\//i.test(value)) return value;
  const match = /^([^:/\s]*):(\d{1,5})$/.exec(value) ?? /^([^:/\s]+)()$/.exec(value);
  if (!match) throw new UsageError(`--redis must be a redis:// URL or host:port, got "${value}"`);
  return `redis://${match[1] || '127.0.0.1'}:${match[2] || '6379'}`;
}

/** Where output goes; tests and the bin pass process streams. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

/** One command's run: the connection, the client and enqueuer, and the printers. */
export class CliContext {
  private connection: Redis | null = null;
  private clientInstance: Client | null = null;
  private enqueuerInstance: Enqueuer | null = null;
  readonly json: boolean;
  readonly namespace: string;
  /** Set by a command that keeps running (the dashboard): how to stop it. */
  serving: (() => Promise<void>) | null = null;
  readonly redisUrl: string;

  constructor(
    options: GlobalOptions,
    readonly io: CliIo,
  ) {
    this.json = options.json ?? false;
    this.namespace = options.ns ?? io.env.WORK_NAMESPACE ?? 'work';
    this.redisUrl = redisUrlFrom(
      options.redis ?? io.env.WORK_REDIS ?? io.env.REDIS_URL ?? '127.0.0.1:6379',
    );
  }

  /** The connection, opened on first use; FailedError when Redis cannot be reached. */
  async redis(): Promise<Redis> {
    if (this.connection) return this.connection;
    const redis = new Redis(this.redisUrl, {
      lazyConnect: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // The socket's own error (ECONNREFUSED, ENOTFOUND…) says more than ioredis' "Connection is closed".
    let cause = '';
    redis.on('error', (err: Error) => (cause ||= err.message));
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new FailedError(
        `cannot reach Redis at ${this.shownUrl()}: ${cause || (err as Error).message}`,
      );
    }
    this.connection = redis;
    return redis;
  }

  /** The Client on the shared connection. */
  async client(): Promise<Client> {
    this.clientInstance ??= new Client({
      namespace: this.namespace,
      redis: await this.redis(),
      logger: this.logger(),
    });
    return this.clientInstance;
  }

  /** The Enqueuer on the shared connection. */
  async enqueuer(): Promise<Enqueuer> {
    this.enqueuerInstance ??= new Enqueuer({
      namespace: this.namespace,
      redis: await this.redis(),
      logger: this.logger(),
    });
    return this.enqueuerInstance;
  }

  /** Prints `value` as one JSON line with --json, else the text lines `text` makes. */
  print<T>(value: T, text: (value: T) => string[]): void {
    if (this.json) this.io.out(JSON.stringify(value));
    else for (const line of text(value)) this.io.out(line);
  }

  /** Marks the command as serving until the process is stopped. */
  keepServing(stop: () => Promise<void>): void {
    this.serving = stop;
  }

  /** Closes the connection (the CLI owns it). */
  async close(): Promise<void> {
    const redis = this.connection;
    this.connection = null;
    if (redis && redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis?.disconnect();
  }

  /** The URL without a password, for messages. */
  shownUrl(): string {
    return this.redisUrl.replace(/\/\/[^@/]*@/, '//***@');
  }

  private logger(): WorkLogger {
    // Warnings (e.g. an eviction policy that can drop jobs) go to stderr, never into --json output.
    return {
      log: () => undefined,
      warn: (m) => this.io.err(`work: warning: ${m}`),
      error: (m) => this.io.err(`work: ${m}`),
    };
  }
}
