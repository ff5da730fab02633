/**
 * Conformance with gocraft/work v0.5.1, section retry_dead_json of the vectors: what a failing
 * job leaves in the retry and dead sets (member bytes, scores), and the locks after it.
 */
import type Redis from 'ioredis';
import { defaultBackoff } from '../backoff';
import { FixedClock } from '../clock';
import { Enqueuer } from '../enqueuer';
import type { Job } from '../job';
import { silentLogger } from '../logger';
import { WorkerPool } from '../worker-pool';
import {
  deleteNamespace,
  testNamespace,
  testRedis,
  testRedisUrl,
} from '../../../../../test/harness/redis';
import { isOurExtraKey } from '../../../../../test/harness/redis';
import {
  caseKeys,
  expectSameBytes,
  goIdOf,
  hasErrStack,
  isolate,
  IsolatedNamespace,
  randomForBackoff,
  testKey,
  withGoId,
  withoutErrStack,
} from './support';
import { toJsArgs } from './typed-value';
import { b64, loadVectors, RetryDeadCase, ZsetEntry } from './vectors';

const vectors = loadVectors().retry_dead_json;

/** The JS value our handler throws for what each case's Go handler returned or panicked with. */
function thrownFor(c: RetryDeadCase): unknown {
  const text = c.retry_err_text ?? c.dead_err_text ?? '';
  switch (c.case) {
    case 'error_special_maxfails1':
    case 'error_special_maxfails3':
    case 'error_args_roundtrip':
    case 'error_empty_message':
    case 'panic_error':
      return new Error(text);
    case 'error_invalid_utf8':
      // Go's text holds a byte that is not UTF-8, shown as U+FFFD in the vector; the JS stand-in
      // for such a byte is a lone surrogate, which goJson writes as \ufffd exactly like Go.
      return new Error(text.replace('\ufffd', '\udcff'));
    case 'skip_dead':
      return new Error('dropped');
    case 'panic_string':
      return 'boom';
    case 'panic_int':
      return 42;
    case 'panic_float':
      return 1e21;
    case 'panic_struct':
      // Go prints a struct with %v as `{1 x}`. A plain JS object {A: 1, B: 'x'} is recorded as its
      // JSON, `{"A":1,"B":"x"}` (see run.spec.ts); an object with that message gives Go's text.
      return { message: '{1 x}' };
    case 'panic_nil_map':
      return new TypeError(text);
    case 'panic_index':
      return new RangeError(text);
    case 'panic_nil':
      return null;
  }
  throw new Error(`no JS equivalent chosen for case ${c.case}`);
}

/**
 * What the vectors expect, except panic_nil: Go 1.19's recover() returns nil for panic(nil), so Go
 * counts that job as a success. A JS `throw null` is a failure for us (deviation by design: a
 * thrown value always fails the job), recorded with the text "null".
 */
function expected(c: RetryDeadCase, goId: string): { retry: ZsetEntry[]; dead: ZsetEntry[] } {
  if (c.case !== 'panic_nil') return { retry: c.retry, dead: c.dead };
  const member = `{"name":"${c.job_name}","id":"${goId}","t":${c.now},"args":null,"fails":1,"err":"null","failed_at":${c.now}}`;
  return {
    retry: [],
    dead: [{ member, member_b64: Buffer.from(member).toString('base64'), score: c.now }],
  };
}

describe('retry_dead_json through a real Enqueuer and WorkerPool', () => {
  let redis: Redis;
  let ns: string;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(() => {
    redis = testRedis();
    ns = testNamespace('rd');
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  function enqueuer(space: IsolatedNamespace, clock: FixedClock): Enqueuer {
    const e = new Enqueuer({
      namespace: space.namespace,
      redis: testRedisUrl(),
      clock,
      logger: silentLogger,
    });
    closers.push(() => e.close());
    return e;
  }

  /** Runs one pool until its queues are empty; returns its id (lock_info's field). */
  async function runPool(
    space: IsolatedNamespace,
    clock: FixedClock,
    register: (p: WorkerPool) => void,
  ): Promise<string> {
    const pool = new WorkerPool({
      namespace: space.namespace,
      redis: testRedisUrl(),
      clock,
      logger: silentLogger,
      pollIntervalMs: 10,
    });
    closers.push(() => pool.stop());
    register(pool);
    await pool.start();
    await pool.drain();
    await pool.stop();
    return pool.poolId;
  }

  /** Reads a zset and compares it with Go's entries, our id masked and err_stack removed. */
  async function expectZset(
    key: string,
    want: ZsetEntry[],
    ourId: string,
    now: number,
    errStack: boolean,
  ): Promise<void> {
    const got = await redis.zrangeBuffer(key, 0, -1, 'WITHSCORES');
    expect(got).toHaveLength(2 * want.length);
    want.forEach((entry, i) => {
      const member = got[2 * i];
      const go = b64(entry.member_b64);
      expect(hasErrStack(member)).toBe(errStack);
      expectSameBytes(withoutErrStack(withGoId(member, ourId, goIdOf(go))), go);
      expect(Number(got[2 * i + 1].toString()) - now).toBe(entry.score - now);
    });
  }

  /** Our backoff made to pick the R that Go's math/rand drew, so scores match exactly. */
  function goBackoff(delays: Record<number, number>): (job: Job) => number {
    return (job) => defaultBackoff(job, randomForBackoff(job.fails, delays[job.fails]));
  }

  it('covers every case in the file', () => expect(vectors.cases).toHaveLength(14));

  it.each(vectors.cases)('$case', async (c) => {
    const space = isolate(vectors.namespace, ns);
    const clock = new FixedClock(c.now);
    const job = await enqueuer(space, clock).enqueue(c.job_name, toJsArgs(c.args));
    const queueKey = testKey(space, `${space.casePrefix}jobs:${c.job_name}`);
    const enqueued = b64(c.enqueued_payload_b64);
    const goId = goIdOf(enqueued);
    const [queued] = await redis.lrangeBuffer(queueKey, 0, -1);
    expectSameBytes(withGoId(queued, job.id, goId), enqueued);

    const thrown = thrownFor(c);
    const delays: Record<number, number> =
      c.retry_score_minus_now === undefined ? {} : { 1: c.retry_score_minus_now };
    const poolId = await runPool(space, clock, (pool) =>
      pool.job(
        c.job_name,
        () => {
          throw thrown;
        },
        { maxFails: c.max_fails, skipDead: c.skip_dead, backoff: goBackoff(delays) },
      ),
    );

    const want = expected(c, goId);
    const errStack = thrown instanceof Error;
    await expectZset(
      testKey(space, `${space.casePrefix}retry`),
      want.retry,
      job.id,
      c.now,
      errStack,
    );
    await expectZset(testKey(space, `${space.casePrefix}dead`), want.dead, job.id, c.now, errStack);
    expect(await redis.llen(queueKey)).toBe(c.queue_len_after);
    const lockKey = `${space.casePrefix}jobs:${c.job_name}:lock`;
    expect(await redis.get(testKey(space, lockKey))).toBe(c.lock_after);
    // Go's harness ran a bare worker with pool id "1"; ours is the pool's random id.
    const [goShare] = Object.values(c.lock_info_after);
    expect(await redis.hgetall(testKey(space, `${lockKey}_info`))).toEqual({ [poolId]: goShare });
    // A pool's start also SETs max_concurrency (Go's WorkerPool.Start does too; the harness used a
    // bare worker); the dead set exists for panic_nil (see expected()).
    // Its periodic enqueuer also SETs last_periodic_enqueue, as every Go pool's does.
    const extra = [
      `${space.casePrefix}jobs:${c.job_name}:max_concurrency`,
      `${space.casePrefix}last_periodic_enqueue`,
    ];
    if (c.case === 'panic_nil') extra.push(`${space.casePrefix}dead`);
    // Our own additions (advertised priority, dashboard counters) are ignored by Go: left out here.
    expect((await caseKeys(redis, space)).filter((k) => !isOurExtraKey(k))).toEqual(
      [...c.keys_after, ...extra].sort(),
    );
  });

  it('lifecycle: three failures across two Go (cjson) requeues end in dead', async () => {
    const life = vectors.lifecycle;
    const stage = (name: string) => life.stages.find((s) => s.stage === name)!;
    const space = isolate(vectors.namespace, ns);
    const queueKey = testKey(space, `${space.casePrefix}jobs:${life.job_name}`);
    const retryKey = testKey(space, `${space.casePrefix}retry`);
    const deadKey = testKey(space, `${space.casePrefix}dead`);
    const delays = {
      1: stage('after_failure_1').retry_score_minus_now!,
      2: stage('after_failure_2').retry_score_minus_now!,
    };
    const clock = new FixedClock(stage('enqueued').now);
    const register = (pool: WorkerPool) =>
      pool.job(
        life.job_name,
        () => {
          throw new Error(life.handler_error);
        },
        { maxFails: life.max_fails, backoff: goBackoff(delays) },
      );

    // The args behind the vector's first queue item.
    const job = await enqueuer(space, clock).enqueue(life.job_name, {
      s: 'a/b<c>',
      n: 12345678901234567n,
      e: [],
    });
    const first = b64(stage('enqueued').queue_item_b64!);
    const goId = goIdOf(first);
    expectSameBytes(withGoId((await redis.lrangeBuffer(queueKey, 0, -1))[0], job.id, goId), first);

    for (const [failure, requeue] of [
      ['after_failure_1', 'after_requeue_from_retry_1'],
      ['after_failure_2', 'after_requeue_from_retry_2'],
      ['after_failure_3', null],
    ] as const) {
      const s = stage(failure);
      clock.epoch = s.now;
      await runPool(space, clock, register);
      await expectZset(retryKey, s.retry!, job.id, s.now, true);
      await expectZset(deadKey, s.dead!, job.id, s.now, true);
      if (requeue === null) break;
      // The bytes a Go pool's requeuer leaves in the queue (cjson re-encoding, spec §1.4; our id
      // in place of Go's): our worker must turn them into Go's next member. Our own requeuer
      // writes other bytes (its input carries err_stack), so it cannot stand in here.
      const item = b64(stage(requeue).queue_item_b64!).toString('latin1').split(goId).join(job.id);
      await redis.del(retryKey);
      await redis.lpush(queueKey, Buffer.from(item, 'latin1'));
    }
    expect(await redis.llen(queueKey)).toBe(0);
  });
});
