/**
 * A pool's wake-ups: our enqueuer's announcements on `<NS>wake`, and keyspace notifications of its
 * queues when the server emits them (pushes by producers that do not announce, such as Go's). A
 * wake-up only asks the fetch loop to fetch; it never hands out a job.
 */
import type Redis from 'ioredis';
import type { Keys } from './keys';
import {
  isPushEvent,
  keyspaceChannel,
  KeyspaceWakeMode,
  prepareKeyspaceWake,
} from './keyspace-wake';
import type { WorkLogger } from './logger';
import { closeRedis, duplicateRedis } from './redis-connection';

/** What the subscription needs. */
export interface WakeSubscriptionDeps {
  /** The pool's connection, which the subscriber duplicates. */
  readonly redis: Redis;
  readonly keys: Keys;
  readonly logger: WorkLogger;
  /** The pool's job names and their queue keys. */
  readonly types: ReadonlyArray<{ readonly name: string; readonly queueKey: string }>;
  readonly keyspaceWake: KeyspaceWakeMode;
  /** Named in the warning while the subscription cannot be made. */
  readonly pollIntervalMs: number;
}

/** One duplicate connection subscribed to the pool's wake-ups until closed. */
export class WakeSubscription {
  private subscriber: Redis | null = null;
  private readonly names: Set<string>;

  constructor(
    private readonly deps: WakeSubscriptionDeps,
    /** Called for each wake-up that concerns one of the pool's queues. */
    private readonly onWake: () => void,
    /** Whether the pool has stopped: a subscription failing then is not worth a warning. */
    private readonly stopped: () => boolean,
  ) {
    this.names = new Set(deps.types.map((t) => t.name));
  }

  /**
   * Subscribes. ioredis re-subscribes by itself after a reconnect, but only once a subscription
   * succeeded: if Redis was down at start, the subscription is retried each time the connection
   * comes up, with one warning for the whole outage (polling covers the gap).
   */
  open(): void {
    const { logger } = this.deps;
    const subscriber = duplicateRedis(this.deps.redis);
    this.subscriber = subscriber;
    const wakeChannel = this.deps.keys.wakeChannel;
    // Our enqueuer announces job names on the wake channel; every other channel subscribed is a
    // queue's keyspace channel, whose message is the command's event.
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === wakeChannel ? !this.names.has(message) : !isPushEvent(message)) return;
      this.onWake();
    });
    let warned = false;
    const attempt = (): void => {
      subscriber.subscribe(wakeChannel).then(
        () => {
          if (warned) logger.log('wake-up subscription established');
          warned = false;
        },
        (err: Error) => {
          if (this.stopped() || this.subscriber !== subscriber) return;
          if (!warned)
            logger.warn(
              `wake-up subscription failed, polling every ${this.deps.pollIntervalMs} ms until Redis answers: ${err.message}`,
            );
          warned = true;
          if (subscriber.status === 'ready') setTimeout(attempt, 1000).unref();
          else subscriber.once('ready', attempt);
        },
      );
    };
    attempt();
    void this.watchKeyspace(true);
  }

  /** After a reconnect: a restarted server forgets a CONFIG SET, so 'enable' turns it back on. */
  reconnected(): void {
    if (this.deps.keyspaceWake === 'enable') void this.watchKeyspace(false);
  }

  /** Closes the subscriber; with `force` (a stop out of time) without waiting for Redis. */
  async close(force = false): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber && force) subscriber.disconnect();
    else if (subscriber) await closeRedis(subscriber, true);
  }

  /**
   * Subscribes to the keyspace channels of our queues when the server emits list events (or,
   * in 'enable' mode, after turning them on), so Go producers' pushes wake the loop too.
   */
  private async watchKeyspace(subscribe: boolean): Promise<void> {
    const { redis, types, logger, keyspaceWake } = this.deps;
    if (keyspaceWake === 'off' || types.length === 0) return;
    if (!(await prepareKeyspaceWake(redis, keyspaceWake, logger)) || !subscribe) return;
    const subscriber = this.subscriber;
    if (!subscriber || this.stopped()) return;
    const db = redis.options.db ?? 0;
    const channels = types.map((t) => keyspaceChannel(db, t.queueKey));
    await subscriber.subscribe(...channels).catch((err: Error) => {
      if (!this.stopped())
        logger.warn(`keyspace wake-up subscription failed, polling only: ${err.message}`);
    });
  }
}
