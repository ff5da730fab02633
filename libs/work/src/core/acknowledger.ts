/**
 * Collects job outcomes and writes them in pipelined batches (one script call per batch), flushed
 * on the next turn of the event loop, so a burst of completions costs one round trip.
 * A failed write is retried: the script skips entries no longer in progress, so retrying is safe.
 */
import type Redis from 'ioredis';
import { ackJobs } from './lua';
import type { WorkLogger } from './logger';

/** What happens to a finished job. */
export type AckKind = 'ok' | 'drop' | 'retry' | 'dead';

/** The Redis keys of the queue a job came from. */
export interface AckTarget {
  readonly inProgressKey: string;
  readonly lockKey: string;
  readonly lockInfoKey: string;
}

/** Flush right away once this many outcomes are waiting. */
const MAX_BATCH = 500;
const RETRY_DELAY_MS = 250;

export class Acknowledger {
  private keys: string[] = [];
  private argv: (string | Buffer | number)[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  /** Outcomes ever queued; lets a reader tell whether any job finished in between two moments. */
  added = 0;

  constructor(
    private readonly redis: Redis,
    private readonly poolId: string,
    private readonly retryKey: string,
    private readonly deadKey: string,
    private readonly logger: WorkLogger,
  ) {}

  /** Queues one outcome. `member`/`score` are for retry and dead; `uniqueKey` is released if set. */
  add(target: AckTarget, raw: Buffer, kind: AckKind, score = 0, member = '', uniqueKey: string | null = null): void {
    this.added++;
    const zset = kind === 'retry' ? this.retryKey : this.deadKey;
    this.keys.push(target.inProgressKey, target.lockKey, target.lockInfoKey, zset, uniqueKey ?? target.inProgressKey);
    this.argv.push(kind, raw, score, member, uniqueKey ? '1' : '0');
    if (this.keys.length / 5 >= MAX_BATCH) void this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Number of outcomes not yet written. */
  get pending(): number {
    return this.keys.length / 5;
  }

  /** Sends what is queued now; resolves when everything queued so far is written. */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.keys.length > 0) {
      const keys = this.keys;
      const argv = this.argv;
      this.keys = [];
      this.argv = [];
      const write = ackJobs(this.redis, keys, [this.poolId, ...argv]).then(
        () => undefined,
        (err: Error) => this.requeue(keys, argv, err),
      );
      this.inFlight = Promise.all([this.inFlight, write]).then(() => undefined);
    }
    return this.inFlight;
  }

  /** Stops retrying (at shutdown, after a last flush attempt). */
  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private requeue(keys: string[], argv: (string | Buffer | number)[], err: Error): void {
    this.logger.error(`acknowledging ${keys.length / 5} job(s) failed, retrying: ${err.message}`);
    this.keys = keys.concat(this.keys);
    this.argv = argv.concat(this.argv);
    if (!this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.flush();
      }, RETRY_DELAY_MS);
    }
  }
}
