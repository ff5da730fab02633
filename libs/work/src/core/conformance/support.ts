/**
 * Helpers shared by the conformance specs: byte comparisons with the Go bytes, id masking, and
 * running a vector's namespace inside a per-test namespace.
 */
import type Redis from 'ioredis';
import { namespacePrefix } from '../keys';

/**
 * Asserts two byte strings are identical. On a mismatch the UTF-8 text is compared first (a
 * readable diff), then the hex (catches differences a UTF-8 decoder would hide).
 */
export function expectSameBytes(actual: Buffer, expected: Buffer): void {
  if (actual.equals(expected)) return;
  expect(actual.toString('utf8')).toBe(expected.toString('utf8'));
  expect(actual.toString('hex')).toBe(expected.toString('hex'));
}

/** The 24-hex job id inside Go's stored bytes. */
export function goIdOf(goBytes: Buffer): string {
  const m = /"id":"([0-9a-f]{24})"/.exec(goBytes.toString('latin1'));
  if (!m) throw new Error(`no 24-hex id in ${goBytes.toString('utf8')}`);
  return m[1];
}

/** Our bytes with our random id replaced by Go's (it must occur exactly once). */
export function withGoId(ours: Buffer, ourId: string, goId: string): Buffer {
  const parts = ours.toString('latin1').split(ourId);
  if (parts.length !== 2) throw new Error(`expected id ${ourId} once in ${ours.toString('utf8')}`);
  return Buffer.from(parts.join(goId), 'latin1');
}

// Our extra trailing field; ASCII bytes never occur inside a UTF-8 multi-byte sequence, so a
// byte-wise (latin1) match of the quoted string is exact.
const ERR_STACK = /,"err_stack":"(?:[^"\\]|\\.)*"(?=\}$)/;

/** A retry/dead member without our trailing `err_stack` field (Go peers ignore it). */
export function withoutErrStack(member: Buffer): Buffer {
  return Buffer.from(member.toString('latin1').replace(ERR_STACK, ''), 'latin1');
}

/** Whether a member carries our `err_stack` field. */
export function hasErrStack(member: Buffer): boolean {
  return ERR_STACK.test(member.toString('latin1'));
}

/**
 * Go's bytes with each `\ufffd` escape written as the raw character U+FFFD. Go writes the escape
 * only for a byte that is not valid UTF-8; a JS string cannot hold such a byte, and for the
 * character U+FFFD itself Go writes the raw bytes (job_json case non_ascii), as goJson does.
 */
export function withRawReplacementChars(goBytes: Buffer): Buffer {
  return Buffer.from(goBytes.toString('utf8').split('\\ufffd').join('\ufffd'), 'utf8');
}

/** Where a vector's namespace runs in the test Redis. */
export interface IsolatedNamespace {
  /** The namespace handed to our Enqueuer / WorkerPool. */
  readonly namespace: string;
  /** Its key prefix in the test Redis. */
  readonly prefix: string;
  /** The vector namespace's own key prefix (what the vector's keys start with). */
  readonly casePrefix: string;
}

/**
 * Runs a vector's namespace under the test's own namespace: `work` becomes `<test>:work`, so
 * keys are `<test>:work:…`. The empty namespace cannot be nested that way (its keys have no
 * prefix at all), so it runs as the test namespace itself; its key bytes are checked separately.
 */
export function isolate(caseNamespace: string, testNamespace: string): IsolatedNamespace {
  const namespace = caseNamespace === '' ? testNamespace : `${testNamespace}:${caseNamespace}`;
  return {
    namespace,
    prefix: namespacePrefix(namespace),
    casePrefix: namespacePrefix(caseNamespace),
  };
}

/** A vector key (`work:jobs:foo`) as it is named in the test Redis. */
export function testKey(ns: IsolatedNamespace, caseKey: string): string {
  if (!caseKey.startsWith(ns.casePrefix)) throw new Error(`${caseKey} is outside ${ns.casePrefix}`);
  return ns.prefix + caseKey.slice(ns.casePrefix.length);
}

/** Every key under the isolated namespace, renamed as the vector names it, sorted. */
export async function caseKeys(redis: Redis, ns: IsolatedNamespace): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${ns.prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.map((k) => ns.casePrefix + k.slice(ns.prefix.length)).sort();
}

/**
 * The random() that makes gocraft's default backoff (fails^4 + 15 + R*(fails+1)) come out as
 * `delay`; throws when no R in 0..29 does, i.e. when the vector's score is not the Go formula's.
 */
export function randomForBackoff(fails: number, delay: number): () => number {
  const r = (delay - fails ** 4 - 15) / (fails + 1);
  if (!Number.isInteger(r) || r < 0 || r > 29) {
    throw new Error(
      `a delay of ${delay}s is not fails^4+15+R*(fails+1) for fails=${fails}, R in 0..29`,
    );
  }
  return () => (r + 0.5) / 30;
}
