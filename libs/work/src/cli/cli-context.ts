/**
 * What every `work` command shares: the global options (`--redis`, `--redis-ca-file`, `--ns`,
 * `--shards`, `--json`), one Redis
 * connection that fails fast instead of retrying (a terminal wants an answer, not a hang), the
 * Client and Enqueuer on it, output as text or JSON, and the exit codes: 0 done, 1 the operation
 * failed (Redis unreachable, job not found, duplicate), 2 bad usage.
 */
import type Redis from 'ioredis';
import {
  Client,
  ClientApi,
  Enqueuer,
  EnqueuerApi,
  MAX_SHARDS,
  ShardedClient,
  ShardedEnqueuer,
  WorkConfigError,
  WorkLogger,
} from '../core';
import { RedisAddressSource, redisSourceFromAddress } from '../core/redis-address';
import { connectOnce } from '../core/redis-connect-once';
import { closeRedis } from '../core/redis-connection';

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
  /** Any address `redisSourceFromAddress` reads: URL, host:port, cluster://…, sentinel://…. */
  redis?: string;
  /** PEM file of the CA that signed Redis' certificate; turns TLS on. */
  redisCaFile?: string;
  /** gocraft namespace (the logical one with --shards). */
  ns?: string;
  /** Number of shards of a sharded namespace, as text from the command line. */
  shards?: string;
  /** Machine-readable output. */
  json?: boolean;
}

/** How long the CLI waits to connect before it reports Redis unreachable. */
const CONNECT_TIMEOUT_MS = 3000;

/** The --shards value: undefined when not given, else an integer from 1 to MAX_SHARDS. */
function shardsFrom(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const shards = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(shards >= 1 && shards <= MAX_SHARDS))
    throw new UsageError(`--shards must be an integer from 1 to ${MAX_SHARDS}, got "${value}"`);
  return shards;
}

/** The --redis address as a connection source; a UsageError naming the flag when it is wrong. */
function redisFrom(address: string, caFile: string | undefined): RedisAddressSource {
  try {
    return redisSourceFromAddress(address, { caFile });
  } catch (err) {
    const flag = err instanceof WorkConfigError ? '--redis' : '--redis-ca-file';
    throw new UsageError(`${flag}: ${(err as Error).message}`);
  }
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
  private clientInstance: ClientApi | null = null;
  private enqueuerInstance: EnqueuerApi | null = null;
  readonly json: boolean;
  readonly namespace: string;
  /** Set by a command that keeps running (the dashboard): how to stop it. */
  serving: (() => Promise<void>) | null = null;
  /** The --redis address as given (or its default). */
  readonly redisAddress: string;
  /** The CA file for TLS, if any. */
  readonly redisCaFile: string | undefined;
  /** Shards of the namespace; undefined for a plain namespace. */
  readonly shards: number | undefined;
  private readonly source: RedisAddressSource;

  constructor(
    options: GlobalOptions,
    readonly io: CliIo,
  ) {
    this.json = options.json ?? false;
    this.namespace = options.ns ?? io.env.WORK_NAMESPACE ?? 'work';
    this.shards = shardsFrom(options.shards ?? io.env.WORK_SHARDS);
    this.redisAddress = options.redis ?? io.env.WORK_REDIS ?? io.env.REDIS_URL ?? '127.0.0.1:6379';
    this.redisCaFile = options.redisCaFile ?? io.env.WORK_REDIS_CA_FILE;
    this.source = redisFrom(this.redisAddress, this.redisCaFile);
  }

  /** The connection, opened on first use; FailedError when Redis cannot be reached. */
  async redis(): Promise<Redis> {
    if (this.connection) return this.connection;
    try {
      this.connection = await connectOnce(this.source, CONNECT_TIMEOUT_MS);
    } catch (err) {
      throw new FailedError(`cannot reach Redis at ${this.shownUrl()}: ${(err as Error).message}`);
    }
    return this.connection;
  }

  /** The Client (a ShardedClient with --shards) on the shared connection. */
  async client(): Promise<ClientApi> {
    if (this.clientInstance) return this.clientInstance;
    const options = { namespace: this.namespace, redis: await this.redis(), logger: this.logger() };
    this.clientInstance =
      this.shards === undefined
        ? new Client(options)
        : new ShardedClient({ ...options, shards: this.shards });
    return this.clientInstance;
  }

  /** The Enqueuer (a ShardedEnqueuer with --shards) on the shared connection. */
  async enqueuer(): Promise<EnqueuerApi> {
    if (this.enqueuerInstance) return this.enqueuerInstance;
    const options = { namespace: this.namespace, redis: await this.redis(), logger: this.logger() };
    this.enqueuerInstance =
      this.shards === undefined
        ? new Enqueuer(options)
        : new ShardedEnqueuer({ ...options, shards: this.shards });
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
    if (redis) await closeRedis(redis);
  }

  /** The URL in use (or the address as given, for other forms) without a password, for messages. */
  shownUrl(): string {
    const text = typeof this.source === 'string' ? this.source : this.redisAddress;
    return text.replace(/\/\/[^@/]*@/, '//***@');
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
