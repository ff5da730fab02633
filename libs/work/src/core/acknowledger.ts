/**
 * Collects job outcomes and writes them in pipelined batches (one script call per batch), flushed
 * on the next turn of the event loop, so a burst of completions costs one round trip.
 * A failed write is retried: the script skips entries no longer in progress, so retrying is safe.
 * Retries back off (up to {@link MAX_RETRY_DELAY_MS}) and the failure is logged at most once a
 * minute while it repeats: a batch that can never be written (a key of the wrong type, planted by
 * hand) must not flood the log, is split so that it holds back only the outcomes that need that key,
 * and {@link Acknowledger.unwritten} lets the stranded-job check go on around it instead of
 * waiting for it.
 */
import type Redis from 'ioredis';
import { AckBatch, splitBatch } from './ack-batch';
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

const KIND_CODES: Record<AckKind, string> = { ok: 'o', drop: 'x', retry: 'r', dead: 'd' };

/** Flush right away once this many outcomes are waiting. */
const MAX_BATCH = 500;
/** First wait before a failed batch is sent again; it doubles per failed retry. */
const RETRY_DELAY_MS = 250;
/** Longest wait between retries: short enough that outcomes follow a Redis restart quickly. */
export const MAX_RETRY_DELAY_MS = 2000;
/** A failure that keeps repeating (same message) is logged again after this long. */
const REPEAT_LOG_MS = 60_000;
/** Distinct failure messages remembered for that; past it they are forgotten (and may log again). */
const MAX_REMEMBERED_FAILURES = 32;

export class Acknowledger {
  /** Queue groups of the batch being collected, by in-progress key, with their group number. */
  private groups = new Map<string, number>();
  private keys: string[] = [];
  /** Unique keys to release, declared after the groups' keys (scripts name every key in KEYS). */
  private uniques: string[] = [];
  private argv: (string | Buffer | number)[] = [];
  /** Payloads of plain successes (no unique key), by group number - 1. */
  private successes: Array<Array<string | Buffer> | undefined> = [];
  /** Payloads of the other outcomes (failures, unique successes), as the stranded check needs. */
  private others: Array<string | Buffer> = [];
  private count = 0;
  /** Whether the batch holds a retry or dead (the script then checks those zsets' types). */
  private zsets = false;
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  /** Batches whose write failed, waiting to be sent again. */
  private readonly failed: AckBatch[] = [];
  /** Retries failed in a row; the wait before the next one grows with it. */
  private failedRetries = 0;
  private disposed = false;
  /** When each failure message was last logged (performance.now()). */
  private readonly lastLogged = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly poolId: string,
    private readonly retryKey: string,
    private readonly deadKey: string,
    private readonly logger: WorkLogger,
  ) {
    this.reset();
  }

  /**
   * Queues one outcome. `raw`: the fetched bytes (or their text when valid UTF-8); `member`/`score`
   * are for retry and dead; `uniqueKey` is released if set.
   */
  add(
    target: AckTarget,
    raw: Buffer | string,
    kind: AckKind,
    score = 0,
    member = '',
    uniqueKey: string | null = null,
  ): void {
    let group = this.groups.get(target.inProgressKey);
    if (group === undefined) {
      group = this.groups.size + 1;
      this.groups.set(target.inProgressKey, group);
      this.keys.push(target.inProgressKey, target.lockKey, target.lockInfoKey);
    }
    if (kind === 'ok' && !uniqueKey) {
      // Plain successes travel as one run per group (see the script): one argument each.
      (this.successes[group - 1] ??= []).push(raw);
      this.scheduleFlush();
      return;
    }
    const code = KIND_CODES[kind];
    this.argv.push(uniqueKey ? `${group} ${code}u` : `${group} ${code}`, raw);
    this.others.push(raw);
    if (kind === 'retry' || kind === 'dead') {
      this.argv.push(score, member);
      this.zsets = true;
    }
    if (uniqueKey) this.argv.push(this.uniques.push(uniqueKey));
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.count++;
    if (this.count >= MAX_BATCH) void this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        if (!this.flushesThisTurn()) void this.flush();
      });
    }
  }

  /**
   * Says whether someone else flushes later in this turn of the event loop (the fetch loop, which
   * sends the outcomes and its next fetch in one write); then the scheduled flush leaves it to them.
   */
  flushesThisTurn: () => boolean = () => false;

  /** Number of outcomes not yet written. */
  get pending(): number {
    return this.failed.reduce((n, b) => n + b.count, this.count);
  }

  /** Whether failed outcomes wait for a retry timer. */
  get retryScheduled(): boolean {
    return this.retryTimer !== null;
  }

  /**
   * The payloads of the outcomes collected or waiting for a retry (not those of a write in
   * flight): their jobs are done but still listed in progress, so they are not stranded.
   */
  *unwritten(): Generator<string | Buffer> {
    const collecting = { others: this.others, successes: this.successes };
    for (const batch of [collecting, ...this.failed]) {
      yield* batch.others;
      for (const list of batch.successes) if (list) yield* list;
    }
  }

  /** Sends what is queued now; resolves when everything queued so far is written. */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.count > 0) {
      this.argv[1] = this.zsets ? `${this.groups.size}z` : String(this.groups.size);
      this.successes.forEach((raws, i) => {
        if (raws) this.argv.push(`*${i + 1} ${raws.length}`, ...raws);
      });
      const keys = this.keys.concat(this.uniques);
      const batch: AckBatch = {
        keys,
        argv: this.argv,
        count: this.count,
        successes: this.successes,
        others: this.others,
      };
      this.reset();
      this.send(batch, false);
    }
    return this.inFlight;
  }

  /**
   * Writes every queued outcome, retrying while some remain (about 5 s), then logs what is left:
   * those jobs stay in progress and the reaper requeues them.
   */
  async flushAll(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      await this.flush();
      if (this.pending === 0) return;
      await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    }
    this.logger.error(
      `${this.pending} job outcome(s) could not be written; the reaper will requeue those jobs`,
    );
  }

  /**
   * Stops retrying (at shutdown, after a last flush attempt): a write that fails later is kept
   * but not tried again, so no timer outlives the pool.
   */
  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private reset(): void {
    this.groups = new Map();
    this.keys = [this.retryKey, this.deadKey];
    this.uniques = [];
    this.argv = [this.poolId, 0];
    this.successes = [];
    this.others = [];
    this.count = 0;
    this.zsets = false;
  }

  /**
   * Writes one batch; a failure keeps it for a retry. Only retries move the backoff: a first
   * write of new outcomes succeeding says nothing about a batch Redis keeps refusing.
   */
  private send(batch: AckBatch, retry: boolean): void {
    const write = ackJobs(this.redis, batch.keys, batch.argv).then(
      () => {
        if (retry) this.failedRetries = 0;
      },
      (err: Error) => {
        if (retry) this.failedRetries++;
        this.requeue(batch, err);
      },
    );
    this.inFlight = Promise.all([this.inFlight, write]).then(() => undefined);
  }

  /**
   * Keeps a failed batch to send again. Batches are never merged; one Redis refused (it answered
   * with an error rather than not at all) is split by queue and kind of outcome (ack-batch.ts), so
   * a key of the wrong type holds back only the outcomes that need it.
   */
  private requeue(batch: AckBatch, err: Error): void {
    this.logFailure(batch, err);
    this.failed.push(...(err.name === 'ReplyError' ? splitBatch(batch) : [batch]));
    if (this.retryTimer || this.disposed) return;
    const delay = Math.min(RETRY_DELAY_MS * 2 ** this.failedRetries, MAX_RETRY_DELAY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      for (const again of this.failed.splice(0)) this.send(again, true);
    }, delay);
  }

  /**
   * Logs a write failure; each failure repeating is logged again only after a while (kept per
   * message: the parts of a split batch may fail for different keys in turn).
   */
  private logFailure(batch: AckBatch, err: Error): void {
    const now = performance.now();
    const at = this.lastLogged.get(err.message);
    if (at !== undefined && now - at < REPEAT_LOG_MS) return;
    if (this.lastLogged.size >= MAX_REMEMBERED_FAILURES) this.lastLogged.clear();
    this.lastLogged.set(err.message, now);
    this.logger.error(
      `acknowledging ${batch.count} job(s) failed, retrying (the same failure is logged again ` +
        `after a minute at the earliest): ${err.message}`,
    );
  }
}
