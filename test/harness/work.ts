/**
 * Builds enqueuers and worker pools on the test Redis and closes all of them after each test.
 */
import type Redis from 'ioredis';
import {
  Enqueuer,
  EnqueuerOptions,
  silentLogger,
  WorkerPool,
  WorkerPoolOptions,
} from 'nestjs-gocraft-work/core';
import { deleteNamespace, testNamespace, testRedis, testRedisUrl } from './redis';

/** A namespace, a raw client and factories for one test; call `close()` in afterEach. */
export class WorkTestBed {
  readonly namespace: string;
  readonly redis: Redis;
  private readonly closers: Array<() => Promise<void>> = [];

  constructor(label: string) {
    this.namespace = testNamespace(label);
    this.redis = testRedis();
  }

  /** `NS` + suffix for raw assertions. */
  key(suffix: string): string {
    return `${this.namespace}:${suffix}`;
  }

  enqueuer(options: Partial<EnqueuerOptions> = {}): Enqueuer {
    const enqueuer = new Enqueuer({
      namespace: this.namespace,
      redis: testRedisUrl(),
      logger: silentLogger,
      ...options,
    });
    this.closers.push(() => enqueuer.close());
    return enqueuer;
  }

  pool<C = Record<string, unknown>>(options: Partial<WorkerPoolOptions<C>> = {}): WorkerPool<C> {
    const pool = new WorkerPool<C>({
      namespace: this.namespace,
      redis: testRedisUrl(),
      logger: silentLogger,
      pollIntervalMs: 20,
      ...options,
    });
    this.closers.push(() => pool.stop());
    return pool;
  }

  /**
   * Leaves `jobs` of queue `name` as a fetch by pool `poolId` leaves them: listed in the pool's
   * in-progress list (LPUSH, so the last given is at the head) and counted in the queue's lock and
   * the pool's lock_info share.
   */
  async leaveInProgress(name: string, poolId: string, ...jobs: string[]): Promise<void> {
    await this.redis
      .multi()
      .lpush(this.key(`jobs:${name}:${poolId}:inprogress`), ...jobs)
      .incrby(this.key(`jobs:${name}:lock`), jobs.length)
      .hincrby(this.key(`jobs:${name}:lock_info`), poolId, jobs.length)
      .exec();
  }

  async close(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close();
    await deleteNamespace(this.redis, this.namespace);
    await this.redis.quit();
  }
}

/** A promise with its resolve function exposed, for handlers that block until a test says go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
