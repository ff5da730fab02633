/**
 * Conformance with gocraft/work v0.5.1, section job_json of the vectors: our job JSON must be
 * byte-identical to Go's json.Marshal(*Job), and a real Enqueuer must store those bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import type Redis from 'ioredis';
import { FixedClock } from '../clock';
import { Enqueuer } from '../enqueuer';
import { JobFields, serializeJob } from '../job';
import { silentLogger } from '../logger';
import {
  deleteNamespace,
  testNamespace,
  testRedis,
  testRedisUrl,
} from '../../../../../test/harness/redis';
import {
  caseKeys,
  expectSameBytes,
  goIdOf,
  isolate,
  testKey,
  withGoId,
  withRawReplacementChars,
} from './support';
import { hasInvalidUtf8, InvalidUtf8Mode, toJsArgs, toJsValue } from './typed-value';
import {
  b64,
  EnqueueRoundtrip,
  JobJsonCase,
  JobJsonInput,
  loadVectors,
  VECTOR_FILES,
} from './vectors';

const vectors = loadVectors().job_json;
const encodable = vectors.cases.filter((c) => c.error === undefined);
const unencodable = vectors.cases.filter((c) => c.error !== undefined);

function jobFields(input: JobJsonInput, mode: InvalidUtf8Mode): JobFields {
  // t, fails and failed_at stay BigInt when they exceed 2^53 (case ids_and_t_large):
  // serializeJob writes them with a template literal, which prints a BigInt's exact digits.
  return {
    name: toJsValue(input.name, mode) as string,
    id: toJsValue(input.id, mode) as string,
    enqueuedAt: input.t as number,
    args: toJsArgs(input.args, mode),
    unique: input.unique,
    fails: input.fails as number,
    lastErr: toJsValue(input.err, mode) as string,
    failedAt: input.failed_at as number,
  };
}

function usesInvalidUtf8(input: JobJsonInput): boolean {
  return [input.name, input.id, input.args, input.err].some(hasInvalidUtf8);
}

/** Go's bytes as a JS caller can reproduce them with U+FFFD standing for each invalid byte. */
function expectedForReplacementMode(c: JobJsonCase): Buffer {
  const go = b64(c.output_b64!);
  return usesInvalidUtf8(c.input) ? withRawReplacementChars(go) : go;
}

describe('vectors file', () => {
  it('uses the in-repo copy, identical to the shared spec when that folder is present', () => {
    expect(existsSync(VECTOR_FILES[0])).toBe(true);
    if (existsSync(VECTOR_FILES[1])) {
      expect(readFileSync(VECTOR_FILES[0]).equals(readFileSync(VECTOR_FILES[1]))).toBe(true);
    }
  });
});

describe('job_json.cases: serializeJob bytes equal json.Marshal(*Job)', () => {
  it.each(encodable)('$case', (c) => {
    const ours = Buffer.from(serializeJob(jobFields(c.input, 'replacement')), 'utf8');
    // For invalid UTF-8 inputs Go escapes each bad byte as \ufffd; JS only ever sees U+FFFD,
    // which Go itself writes raw, so the expected bytes carry the raw character there.
    expectSameBytes(ours, expectedForReplacementMode(c));
  });

  const invalid = encodable.filter((c) => usesInvalidUtf8(c.input));
  it('has cases with invalid UTF-8', () => expect(invalid.map((c) => c.case)).toHaveLength(3));

  it.each(invalid)('$case: lone surrogates reproduce the \\ufffd escapes byte for byte', (c) => {
    const ours = Buffer.from(serializeJob(jobFields(c.input, 'surrogate-escape')), 'utf8');
    expectSameBytes(ours, b64(c.output_b64!));
  });

  it.each(unencodable)("$case: serializeJob throws Go's error text", (c) => {
    expect(() => serializeJob(jobFields(c.input, 'replacement'))).toThrow(c.error);
  });
});

describe('job_json through a real Enqueuer', () => {
  let redis: Redis;
  let ns: string;
  const enqueuers: Enqueuer[] = [];

  beforeEach(() => {
    redis = testRedis();
    ns = testNamespace('vec');
  });
  afterEach(async () => {
    await Promise.all(enqueuers.splice(0).map((e) => e.close()));
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
    enqueuers.push(e);
    return e;
  }

  // vectors.json holds 31 of the 38 job_json cases its meta counts, and three enqueue_roundtrip
  // entries refer to cases that are not in the file. Their args are rebuilt from the stored bytes
  // (small integers, 1.5, strings and nesting only, so decoding is lossless), with every object's
  // keys reversed so that the encoder still has to sort them.
  const REBUILT = ['nil_args', 'nested_maps_sorted_every_depth', 'arrays_empty_and_nested'];

  function reversedKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(reversedKeys);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value).reverse();
    return Object.fromEntries(entries.map(([k, v]) => [k, reversedKeys(v)]));
  }

  function roundtripArgs(r: EnqueueRoundtrip): Record<string, unknown> | null {
    const c = vectors.cases.find((x) => x.case === r.case_ref);
    if (c) return toJsArgs(c.input.args);
    if (!REBUILT.includes(r.case_ref)) throw new Error(`unknown case_ref ${r.case_ref}`);
    const stored = JSON.parse(b64(r.stored_b64).toString('utf8')) as {
      args: Record<string, unknown> | null;
    };
    return reversedKeys(stored.args) as Record<string, unknown> | null;
  }

  function expectedStored(r: EnqueueRoundtrip): Buffer {
    const go = b64(r.stored_b64);
    const c = vectors.cases.find((x) => x.case === r.case_ref);
    return c && usesInvalidUtf8(c.input) ? withRawReplacementChars(go) : go;
  }

  it('covers every roundtrip case', () => expect(vectors.enqueue_roundtrip).toHaveLength(12));

  it.each(vectors.enqueue_roundtrip)('enqueue_roundtrip $case_ref', async (r) => {
    const space = isolate(r.namespace, ns);
    const job = await enqueuer(space.namespace, r.now).enqueue(r.job_name, roundtripArgs(r));
    expect(/^[0-9a-f]{24}$/.test(job.id)).toBe(r.returned_id_is_24_lower_hex);
    const stored = await redis.lrangeBuffer(testKey(space, r.redis_key), 0, -1);
    expect(stored).toHaveLength(1);
    const go = b64(r.stored_b64);
    expectSameBytes(withGoId(stored[0], job.id, goIdOf(go)), expectedStored(r));
    expect(serializeJob(job) === stored[0].toString('utf8')).toBe(
      r.stored_equals_json_marshal_of_returned_job,
    );
    expect(await caseKeys(redis, space)).toEqual([...r.keys_after].sort());
  });

  it.each(unencodable)(
    "$case: enqueue fails with Go's error text and writes nothing",
    async (c) => {
      const space = isolate('work', ns);
      const e = enqueuer(space.namespace, 1468359453);
      const name = toJsValue(c.input.name) as string;
      await expect(e.enqueue(name, toJsArgs(c.input.args))).rejects.toThrow(c.error);
      expect(await caseKeys(redis, space)).toEqual([]);
    },
  );

  it('enqueue_in: scheduled member bytes, score now+300, t = now', async () => {
    const v = vectors.enqueue_in;
    const space = isolate(v.namespace, ns);
    // The vector's call: EnqueueIn("later", 300, {a:1}).
    const job = await enqueuer(space.namespace, v.now).enqueueIn('later', 300, { a: 1 });
    expect(job.runAt).toBe(v.returned_run_at);
    expect(job.enqueuedAt).toBe(v.now);
    const zset = await redis.zrangeBuffer(testKey(space, v.redis_key), 0, -1, 'WITHSCORES');
    expect(zset).toHaveLength(2 * v.zset.length);
    const go = b64(v.zset[0].member_b64);
    expectSameBytes(withGoId(zset[0], job.id, goIdOf(go)), go);
    expect(Number(zset[1].toString())).toBe(v.zset[0].score);
  });
});
