/**
 * Finds pools that died and hands their in-progress jobs back (spec §7.4, B1/B3/B4 fixed).
 *
 * A pass costs one SMEMBERS and one pipelined HMGET per live pool, plus one SMEMBERS of known_jobs
 * and one pipelined HGETALL of each name's lock_info (that is where every pool that ever fetched
 * a job of that name left its id), so it can run every few seconds; there is no SCAN.
 *
 * - A pool in worker_pools whose heartbeat is missing or older than `deadAfterSeconds` is dead.
 *   (A stale heartbeat without job_names is not, as in gocraft.)
 * - A pool id found in some lock_info but absent from worker_pools is an orphan (a pool that died
 *   before or after its heartbeat, gocraft's B3). It is reaped only when it is still absent on a
 *   scan at least `orphanGraceMs` after the first, because Go pools start working before their
 *   first heartbeat. Reaping an orphan with nothing in progress just removes its zero lock_info
 *   field, which also stops lock_info growing forever (B9).
 * Each reap is one atomic script that re-checks the pool is dead before touching anything (B4).
 */
import type Redis from 'ioredis';
import type { Clock } from './clock';
import { ENGINE_DEFAULTS } from './engine-options';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';
import { defineScripts, reapPool } from './lua';

export interface ReaperOptions {
  keys: Keys;
  redis: Redis;
  clock: Clock;
  logger: WorkLogger;
  /** Heartbeat age after which a pool is dead. Default 30 s (gocraft: 10 s). */
  deadAfterSeconds?: number;
  /** Minimum time between two scans that both find an orphan absent. Default 15 s. */
  orphanGraceMs?: number;
  /** Wall clock in ms for the orphan grace period (tests inject). Default Date.now. */
  nowMs?: () => number;
  /** The reaping pool's own id: never reaped by itself, whatever its heartbeat says. */
  selfId?: string;
}

/** What one pass did. */
export interface ReapResult {
  /** Pool ids reaped in this pass. */
  pools: string[];
  /** Jobs handed back to their queues. */
  jobs: number;
}

export class DeadPoolReaper {
  private readonly absentSince = new Map<string, number>();

  constructor(private readonly options: ReaperOptions) {
    defineScripts(options.redis);
  }

  /** One pass over the namespace. */
  async reap(): Promise<ReapResult> {
    const { keys, redis, clock } = this.options;
    const result: ReapResult = { pools: [], jobs: 0 };
    const pools = await redis.smembers(keys.workerPools);
    const now = clock.nowSeconds();
    const staleBefore = now - (this.options.deadAfterSeconds ?? ENGINE_DEFAULTS.deadAfterSeconds);
    const beats = await Promise.all(
      pools.map((id) => redis.hmget(keys.heartbeat(id), 'heartbeat_at', 'job_names')),
    );
    const namesByPool = await this.poolsInLockInfo();
    for (let i = 0; i < pools.length; i++) {
      const [beatAt, jobNames] = beats[i];
      const dead =
        pools[i] !== this.options.selfId &&
        (beatAt === null || (Number(beatAt) < staleBefore && jobNames !== null));
      // The script adds the heartbeat's job_names; lock_info covers pools that left no heartbeat.
      if (dead)
        await this.reapOne(pools[i], 'stale', staleBefore, namesByPool.get(pools[i]) ?? [], result);
    }
    await this.reapOrphans(new Set(pools), namesByPool, result);
    return result;
  }

  /**
   * Every pool id found in a lock_info hash or in pool_settings, with the job names whose
   * lock_info names it.
   */
  private async poolsInLockInfo(): Promise<Map<string, string[]>> {
    const { keys, redis } = this.options;
    const names = await redis.smembers(keys.knownJobs);
    const infos = await Promise.all(names.map((name) => redis.hkeys(keys.lockInfo(name))));
    const byPool = new Map<string, string[]>();
    // A pool of ours that died before fetching anything left only its pool_settings entry; it
    // goes through the same orphan grace, so the entry does not outlive the pool.
    for (const poolId of await redis.hkeys(keys.poolSettings)) byPool.set(poolId, []);
    names.forEach((name, i) => {
      for (const poolId of infos[i]) {
        const list = byPool.get(poolId);
        if (list) list.push(name);
        else byPool.set(poolId, [name]);
      }
    });
    return byPool;
  }

  private async reapOrphans(
    live: Set<string>,
    namesByPool: Map<string, string[]>,
    result: ReapResult,
  ): Promise<void> {
    // Our own id is never an orphan: our heartbeat may have vanished (a reaper that thought us
    // dead, a FLUSH), but our jobs are running here and reaping them would run them twice.
    const self = this.options.selfId;
    const orphans = [...namesByPool].filter(([poolId]) => !live.has(poolId) && poolId !== self);
    const nowMs = (this.options.nowMs ?? Date.now)();
    const grace = this.options.orphanGraceMs ?? ENGINE_DEFAULTS.orphanGraceMs;
    const absent = new Set(orphans.map(([poolId]) => poolId));
    for (const poolId of [...this.absentSince.keys()])
      if (!absent.has(poolId)) this.absentSince.delete(poolId);
    for (const [poolId, jobNames] of orphans) {
      const since = this.absentSince.get(poolId);
      if (since === undefined) this.absentSince.set(poolId, nowMs);
      else if (nowMs - since >= grace) {
        this.absentSince.delete(poolId);
        await this.reapOne(poolId, 'orphan', 0, jobNames, result);
      }
    }
  }

  private async reapOne(
    poolId: string,
    mode: 'stale' | 'orphan',
    staleBefore: number,
    jobNames: string[],
    result: ReapResult,
  ): Promise<void> {
    const { keys, redis, logger } = this.options;
    const moved = await reapPool(
      redis,
      [keys.workerPools, keys.heartbeat(poolId)],
      [poolId, mode, staleBefore, keys.jobsPrefix, keys.wakeChannel, ...jobNames],
    );
    if (moved < 0) return;
    await redis.hdel(keys.poolSettings, poolId);
    result.pools.push(poolId);
    result.jobs += moved;
    if (moved > 0)
      logger.warn(
        `reaped dead worker pool ${poolId}: ${moved} in-progress job(s) back in their queues`,
      );
  }
}
