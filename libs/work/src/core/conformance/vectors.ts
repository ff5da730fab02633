/**
 * Loads the gocraft/work v0.5.1 conformance vectors (data produced by running the real Go library).
 * The in-repo copy `test/fixtures/vectors.json` is preferred so a clean clone needs nothing else;
 * the shared spec folder beside the repo root is the fallback. Integer literals too large for a
 * double (int64 extremes) are kept exact as BigInt.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TypedValue } from './typed-value';

/** The repository root (this file lives in libs/work/src/core/conformance). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..', '..');
/** Where the vectors are looked for, in order. */
export const VECTOR_FILES = [
  path.join(REPO_ROOT, 'test', 'fixtures', 'vectors.json'),
  path.join(REPO_ROOT, '..', 'shared', 'spec', 'vectors.json'),
];

/** A typed Go string (job name, id, err). */
export type TypedString = Extract<TypedValue, { type: 'string' }>;

/** Inputs of a job_json case: the Go Job struct's fields. */
export interface JobJsonInput {
  name: TypedString;
  id: TypedString;
  t: number | bigint;
  args: TypedValue;
  unique: boolean;
  fails: number | bigint;
  err: TypedString;
  failed_at: number | bigint;
}

export interface JobJsonCase {
  case: string;
  note: string;
  input: JobJsonInput;
  output?: string;
  output_b64?: string;
  error?: string;
}

export interface EnqueueRoundtrip {
  case_ref: string;
  namespace: string;
  job_name: string;
  now: number;
  redis_key: string;
  returned_id_is_24_lower_hex: boolean;
  stored_b64: string;
  stored_equals_json_marshal_of_returned_job: boolean;
  keys_after: string[];
}

export interface ZsetEntry {
  member: string;
  member_b64: string;
  score: number;
}

export interface EnqueueIn {
  namespace: string;
  now: number;
  redis_key: string;
  zset: ZsetEntry[];
  returned_run_at: number;
}

export interface UniqueKeyCase {
  case: string;
  note: string;
  namespace: string;
  job_name: string;
  args: TypedValue;
  now: number;
  key_b64: string;
  value: string;
  ttl: number;
  other_keys: string[];
  returned_job_non_nil: boolean;
  queued_payload_b64: string;
  key_recomputed_from_decoded_payload_b64: string;
  recomputed_key_matches: boolean;
  duplicate_call_returned_job_nil: boolean;
  duplicate_call_error: string | null;
  queue_length_after_duplicate: number;
  unique_key_exists_after_worker_ran_job: boolean;
  enqueue_after_worker_ran_returned_job_non_nil: boolean;
}

export interface EnqueueUniqueIn {
  namespace: string;
  now: number;
  keys: string[];
  unique_key_b64: string;
  ttl: number;
  scheduled: ZsetEntry[];
  returned_run_at: number;
  duplicate_returned_nil: boolean;
  duplicate_error: string | null;
}

export interface RetryDeadCase {
  case: string;
  note: string;
  job_name: string;
  max_fails: number;
  skip_dead: boolean;
  args: TypedValue;
  now: number;
  enqueued_payload_b64: string;
  retry: ZsetEntry[];
  dead: ZsetEntry[];
  retry_score_minus_now?: number;
  retry_err_text?: string;
  dead_score_minus_now?: number;
  dead_err_text?: string;
  queue_len_after: number;
  lock_after: string;
  lock_info_after: Record<string, string>;
  keys_after: string[];
}

export interface LifecycleStage {
  stage: string;
  now: number;
  queue_item_b64?: string;
  retry?: ZsetEntry[];
  dead?: ZsetEntry[];
  retry_score_minus_now?: number;
}

export interface Vectors {
  job_json: { cases: JobJsonCase[]; enqueue_roundtrip: EnqueueRoundtrip[]; enqueue_in: EnqueueIn };
  unique_keys: { cases: UniqueKeyCase[]; enqueue_unique_in: EnqueueUniqueIn };
  retry_dead_json: {
    namespace: string;
    now: number;
    cases: RetryDeadCase[];
    lifecycle: {
      job_name: string;
      max_fails: number;
      handler_error: string;
      stages: LifecycleStage[];
    };
  };
}

// A JSON string token, or a number token (which may be an integer beyond 2^53).
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const BIGINT_TAG = '$bigint';

/** JSON.parse that keeps integer literals beyond Number.MAX_SAFE_INTEGER exact, as BigInt. */
export function parseJsonKeepingBigInts(text: string): unknown {
  const tagged = text.replace(TOKEN, (token) => {
    if (token.startsWith('"') || /[.eE]/.test(token) || Number.isSafeInteger(Number(token)))
      return token;
    return `{"${BIGINT_TAG}":"${token}"}`;
  });
  return JSON.parse(tagged, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const tag = (value as Record<string, unknown>)[BIGINT_TAG];
      if (typeof tag === 'string' && Object.keys(value).length === 1) return BigInt(tag);
    }
    return value;
  });
}

/** The first vectors file that exists. */
export function vectorsFile(): string {
  const found = VECTOR_FILES.find((file) => existsSync(file));
  if (!found)
    throw new Error(`conformance vectors not found; looked in:\n  ${VECTOR_FILES.join('\n  ')}`);
  return found;
}

let cached: Vectors | undefined;

/** The parsed vectors (parsed once per test file). */
export function loadVectors(): Vectors {
  cached ??= parseJsonKeepingBigInts(readFileSync(vectorsFile(), 'utf8')) as Vectors;
  return cached;
}

/** Decodes a vector's `_b64` field. */
export function b64(text: string): Buffer {
  return Buffer.from(text, 'base64');
}
