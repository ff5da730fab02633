/**
 * Conformance with gocraft/work v0.5.1, section unique_keys of the vectors: unique key bytes, the
 * EnqueueUnique effects in Redis, and whether the key survives a worker running the job.
 */
import type Redis from 'ioredis';
import { FixedClock } from '../clock';
import { Enqueuer } from '../enqueuer';
import { WorkConfigError } from '../errors';
import { Keys, uniqueKeyFor } from '../keys';
import { silentLogger } from '../logger';
import { WorkerPool } from '../worker-pool';
import {
  deleteNamespace,
  testNamespace,
  testRedis,
  testRedisUrl,
} from '../../../../../test/harness/redis';
import { caseKeys, expectSameBytes, goIdOf, isolate, testKey, withGoId } from './support';
import { hasInvalidUtf8, InvalidUtf8Mode, toJsArgs } from './typed-value';
import { b64, loadVectors, UniqueKeyCase } from './vectors';

const vectors = loadVectors().unique_keys;
const UTF8 = (s: string) => Buffer.from(s, 'utf8');

/**
 * Invalid UTF-8 args run with lone surrogates (see typed-value.ts): the only JS strings goJson
 * writes as `\ufffd`, as Go writes a bad byte. With them the key, the payload and the worker's
 * recomputed key (from the decoded U+FFFD) all match Go's bytes.
 */
function modeFor(c: UniqueKeyCase): InvalidUtf8Mode {
  return hasInvalidUtf8(c.args) ? 'surrogate-escape' : 'replacement';
}

function keyOf(namespace: string, c: UniqueKeyCase, mode: InvalidUtf8Mode): Buffer {
  return UTF8(uniqueKeyFor(new Keys(namespace), c.job_name, toJsArgs(c.args, mode)));
}

describe('unique_keys.cases: key bytes', () => {
  it('covers every case in the file', () => expect(vectors.cases).toHaveLength(17));

  it.each(vectors.cases)('$case', (c) => {
    expectSameBytes(keyOf(c.namespace, c, modeFor(c)), b64(c.key_b64));
  });

  it.each(vectors.cases)('$case: key Go recomputes from the decoded payload', (c) => {
    // What a worker decodes: our queued bytes through JSON.parse (numbers become doubles).
    const decoded = JSON.parse(b64(c.queued_payload_b64).toString('utf8')) as {
      args: Record<string, unknown> | null;
    };
    const recomputed = UTF8(uniqueKeyFor(new Keys(c.namespace), c.job_name, decoded.args));
    expectSameBytes(recomputed, b64(c.key_recomputed_from_decoded_payload_b64));
    expect(recomputed.equals(b64(c.key_b64))).toBe(c.recomputed_key_matches);
  });

  it("invalid_utf8 with U+FFFD in the args gives the raw character, not Go's escape", () => {
    const c = vectors.cases.find((x) => x.case === 'invalid_utf8')!;
    // A JS caller holding U+FFFD gets the key Go would compute for U+FFFD, which is the key a Go
    // worker recomputes after decoding; see the Redis test below for what that changes.
    expectSameBytes(
      keyOf(c.namespace, c, 'replacement'),
      b64(c.key_recomputed_from_decoded_payload_b64),
    );
  });
});

describe('unique_keys through a real Enqueuer and WorkerPool', () => {
  let redis: Redis;
  let ns: string;
  const closers: Array<() => Promise<void>> = [];

  beforeEach(() => {
    redis = testRedis();
    ns = testNamespace('uniq');
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  function enqueuer(namespace: string, now: number): Enqueuer {
    const e = new Enqueuer({
      namespace,
      redis: testRedisUrl(),
      clock: new FixedClock(now),
      logger: silentLogger,
    });
    closers.push(() => e.close());
    return e;
  }

  async function runWorker(namespace: string, jobName: string): Promise<number> {
    let ran = 0;
    const pool = new WorkerPool({
      namespace,
      redis: testRedisUrl(),
      logger: silentLogger,
      pollIntervalMs: 10,
    });
    closers.push(() => pool.stop());
    pool.job(jobName, () => void ran++);
    await pool.start();
    await pool.drain();
    await pool.stop();
    return ran;
  }

  // Our Enqueuer refuses an empty job name (ARCHITECTURE §6: say what was wrong), where Go
  // enqueues it under `jobs:`; its key bytes are still checked above.
  const runnable = vectors.cases.filter((c) => c.job_name !== '');

  it('refuses the empty job name Go accepts (empty_job_name)', async () => {
    const c = vectors.cases.find((x) => x.case === 'empty_job_name')!;
    const space = isolate(c.namespace, ns);
    await expect(
      enqueuer(space.namespace, c.now).enqueueUnique('', toJsArgs(c.args)),
    ).rejects.toThrow(WorkConfigError);
    expect(await caseKeys(redis, space)).toEqual([]);
  });

  it.each(runnable)('$case', async (c) => {
    const space = isolate(c.namespace, ns);
    const args = toJsArgs(c.args, modeFor(c));
    const e = enqueuer(space.namespace, c.now);
    const job = await e.enqueueUnique(c.job_name, args);
    expect(job !== null).toBe(c.returned_job_non_nil);

    const caseKey = b64(c.key_b64).toString('utf8');
    const key = testKey(space, caseKey);
    expect(await redis.get(key)).toBe(c.value);
    const ttlMs = await redis.pttl(key);
    expect(ttlMs).toBeLessThanOrEqual(c.ttl * 1000);
    expect(ttlMs).toBeGreaterThan((c.ttl - 5) * 1000);
    expect(await caseKeys(redis, space)).toEqual([caseKey, ...c.other_keys].sort());

    const queueKey = testKey(space, `${space.casePrefix}jobs:${c.job_name}`);
    const queued = await redis.lrangeBuffer(queueKey, 0, -1);
    expect(queued).toHaveLength(1);
    const go = b64(c.queued_payload_b64);
    expectSameBytes(withGoId(queued[0], job!.id, goIdOf(go)), go);

    const duplicate = await e.enqueueUnique(c.job_name, args).then(
      (j) => ({ job: j, error: null }),
      (err: Error) => ({ job: null, error: err.message }),
    );
    expect(duplicate.error).toBe(c.duplicate_call_error);
    expect(duplicate.job === null).toBe(c.duplicate_call_returned_job_nil);
    expect(await redis.llen(queueKey)).toBe(c.queue_length_after_duplicate);

    // Go deletes the key when the job starts, we when it finishes; either way it is gone once the
    // job ran, unless the key recomputed from the decoded args differs (int_above_2_53,
    // int_17_digits, invalid_utf8): then Go and we both leave it until its TTL.
    expect(await runWorker(space.namespace, c.job_name)).toBe(1);
    expect(await redis.llen(queueKey)).toBe(0);
    expect(await redis.exists(key)).toBe(c.unique_key_exists_after_worker_ran_job ? 1 : 0);
    const again = await e.enqueueUnique(c.job_name, args);
    expect(again !== null).toBe(c.enqueue_after_worker_ran_returned_job_non_nil);
  });

  it('invalid_utf8 passed as U+FFFD: the worker finds and releases the key (Go keeps it)', async () => {
    const c = vectors.cases.find((x) => x.case === 'invalid_utf8')!;
    const space = isolate(c.namespace, ns);
    const e = enqueuer(space.namespace, c.now);
    const args = toJsArgs(c.args, 'replacement');
    const ours = uniqueKeyFor(new Keys(space.namespace), c.job_name, args);
    expect(await e.enqueueUnique(c.job_name, args)).not.toBeNull();
    expect(await redis.exists(ours)).toBe(1);
    expect(await runWorker(space.namespace, c.job_name)).toBe(1);
    // The key holds raw U+FFFD, as does the one recomputed from the decoded payload: they match,
    // so the key is released, where Go's bad byte left a mismatching, stuck key.
    // (The vectors record that Go's worker left its key: unique_key_exists_after_worker_ran_job.)
    expect(await redis.exists(ours)).toBe(0);
    expect(await caseKeys(redis, space)).not.toContain(
      b64(c.key_recomputed_from_decoded_payload_b64).toString(),
    );
    expect(await e.enqueueUnique(c.job_name, args)).not.toBeNull();
  });

  // The key to release is computed from the args as fetched, before any middleware or handler
  // can change them (as Go does); otherwise the key would stay for 24 h.
  it('releases the key even when the handler changed the job args', async () => {
    const c = vectors.cases.find((x) => x.case === 'simple')!;
    const space = isolate(c.namespace, ns);
    const e = enqueuer(space.namespace, c.now);
    expect(await e.enqueueUnique(c.job_name, toJsArgs(c.args))).not.toBeNull();
    const pool = new WorkerPool({
      namespace: space.namespace,
      redis: testRedisUrl(),
      logger: silentLogger,
    });
    closers.push(() => pool.stop());
    pool.job(c.job_name, (job) => void (job.args!.seen = true));
    await pool.start();
    await pool.drain();
    await pool.stop();
    expect(await redis.exists(testKey(space, b64(c.key_b64).toString('utf8')))).toBe(0);
  });

  it('enqueue_unique_in: member bytes, score and keys as Go; TTL extended by the delay', async () => {
    const v = vectors.enqueue_unique_in;
    const space = isolate(v.namespace, ns);
    const e = enqueuer(space.namespace, v.now);
    // The vector's call: EnqueueUniqueIn("wat", 100, {a:1}).
    const job = await e.enqueueUniqueIn('wat', 100, { a: 1 });
    expect(job?.runAt).toBe(v.returned_run_at);
    expect(await caseKeys(redis, space)).toEqual([...v.keys].sort());
    const caseKey = b64(v.unique_key_b64).toString('utf8');
    expectSameBytes(
      UTF8(uniqueKeyFor(new Keys(v.namespace), 'wat', { a: 1 })),
      b64(v.unique_key_b64),
    );
    expect(await redis.get(testKey(space, caseKey))).toBe('1');
    // Deviation by design (spec §15 B5, gocraft #221): Go's TTL is 86400 s whatever the delay, so
    // a job scheduled past a day stops being unique; ours is 86400 + delay.
    const ttlMs = await redis.pttl(testKey(space, caseKey));
    expect(ttlMs).toBeLessThanOrEqual((v.ttl + 100) * 1000);
    expect(ttlMs).toBeGreaterThan((v.ttl + 95) * 1000);
    const zset = await redis.zrangeBuffer(
      testKey(space, `${space.casePrefix}scheduled`),
      0,
      -1,
      'WITHSCORES',
    );
    expect(zset).toHaveLength(2 * v.scheduled.length);
    const go = b64(v.scheduled[0].member_b64);
    expectSameBytes(withGoId(zset[0], job!.id, goIdOf(go)), go);
    expect(Number(zset[1].toString())).toBe(v.scheduled[0].score);
    expect((await e.enqueueUniqueIn('wat', 200, { a: 1 })) === null).toBe(v.duplicate_returned_nil);
    expect(await redis.zcard(testKey(space, `${space.casePrefix}scheduled`))).toBe(1);
  });
});
