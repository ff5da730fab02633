/**
 * The Client's own reads and bulk moves over the retry, scheduled and dead zsets (what the
 * background processes share with it is in zsets.ts), each bounded per round trip so one call
 * never blocks Redis for long however large the set.
 */
import type Redis from 'ioredis';
import { decodeEntry } from './client-decode';
import type { JobEntry, JobPage, ListOrder, RetryDeadResult, SearchJobsPage } from './client-types';
import type { JobFilter } from './job-filter';
import { DeadBatchRequest, deleteMatching, retryDeadBatch, scanZset } from './lua/client-scripts';
import { resultOf } from './zsets';

/** Members per bulk script call (gocraft's dead-retry batch): about a millisecond of Redis time. */
export const ZSET_BATCH = 1000;
/** Members per ZSCAN step of a lookup by id: a step stays well under a millisecond. */
export const FIND_STEP = 200;

/**
 * One page, ascending by score (ties in member byte order, as ZRANGEBYSCORE gives them) or, with
 * `desc`, descending, with the zset's size read in the same MULTI so both describe one moment.
 * Reading by rank costs O(log n + pageSize) where gocraft's ZRANGEBYSCORE … LIMIT also walks the
 * skipped offset.
 */
export async function readPage<T>(
  redis: Redis,
  key: string,
  page: number,
  pageSize: number,
  order: ListOrder,
  withScore: (score: number, entry: JobEntry) => T,
): Promise<JobPage<T>> {
  const start = (page - 1) * pageSize;
  const tx = redis.multi();
  if (order === 'desc') tx.zrevrange(key, start, start + pageSize - 1, 'WITHSCORES');
  else tx.zrange(key, start, start + pageSize - 1, 'WITHSCORES');
  const reply = await tx.zcard(key).exec();
  const flat = resultOf(reply, 0) as string[];
  const jobs: T[] = [];
  for (let i = 0; i < flat.length; i += 2)
    jobs.push(withScore(Number(flat[i + 1]), decodeEntry(flat[i])));
  return { count: resultOf(reply, 1) as number, jobs };
}

/**
 * A ZSCAN MATCH pattern that every member carrying `"id":"<id>"` matches, written by Go or by
 * cjson: characters the two escape differently (`/` is `\/` in cjson, `<>&` are `\u003c`… in Go,
 * quotes, backslashes, control and non-ASCII characters) become `*`, and glob characters are
 * escaped. Candidates are then checked by decoding, so the pattern only has to be permissive.
 */
export function idMatchPattern(id: string): string {
  let out = '*"id":"';
  for (const ch of id) {
    // eslint-disable-next-line no-control-regex
    if (/["\\/<>&\u0000-\u001f]/.test(ch) || ch > '\u007e') out += '*';
    else if (/[*?[\]]/.test(ch)) out += `\\${ch}`;
    else out += ch;
  }
  return `${out}"*`;
}

/**
 * Finds the first member of `key` whose id is `id`, by ZSCAN in steps of about {@link FIND_STEP}
 * members. Cost: O(n) over the whole zset in the worst case (not found), spread over n/200 round
 * trips, each O(200) on the server so Redis is never held for long; the MATCH filter runs
 * server-side so only candidates travel.
 */
export async function findInZset(
  redis: Redis,
  key: string,
  id: string,
): Promise<{ score: number; job: JobEntry } | null> {
  const pattern = idMatchPattern(id);
  let cursor = '0';
  do {
    const [next, flat] = await redis.zscan(key, cursor, 'MATCH', pattern, 'COUNT', FIND_STEP);
    cursor = next;
    for (let i = 0; i < flat.length; i += 2) {
      const job = decodeEntry(flat[i]);
      if (job.id === id) return { score: Number(flat[i + 1]), job };
    }
  } while (cursor !== '0');
  return null;
}

/** The member of `key` at exactly `score` whose id is `id`: O(log n + members at that score). */
export async function findAtScore(
  redis: Redis,
  key: string,
  score: number,
  id: string,
): Promise<{ score: number; job: JobEntry } | null> {
  for (const member of await redis.zrangebyscore(key, score, score)) {
    const job = decodeEntry(member);
    if (job.id === id) return { score, job };
  }
  return null;
}

/**
 * One search step: reads members by rank from `cursor` in `order`, in script calls of
 * {@link ZSET_BATCH}, until `limit` matches are found (the cursor then points just past the last
 * one, so the next step continues with the next match) or `budget` members were read. With
 * `limit` 0 it only counts the matches among `budget` members.
 */
export async function searchZset(
  redis: Redis,
  key: string,
  step: { filter: JobFilter; cursor: number; order: ListOrder; limit: number; budget: number },
): Promise<SearchJobsPage> {
  const jobs: SearchJobsPage['jobs'] = [];
  let position = step.cursor;
  let matched = 0;
  let scanned = 0;
  let exhausted = false;
  while (scanned < step.budget) {
    const count = Math.min(ZSET_BATCH, step.budget - scanned);
    const want = step.limit === 0 ? 0 : step.limit - jobs.length;
    const found = await scanZset(
      redis,
      key,
      { position, count, order: step.order, want },
      step.filter,
    );
    for (const { member, score } of found.members) jobs.push({ score, ...decodeEntry(member) });
    position += found.read;
    scanned += found.read;
    matched += found.matched;
    if (step.limit > 0 && jobs.length >= step.limit) break;
    if (found.read < count) {
      exhausted = true;
      break;
    }
  }
  const total = await redis.zcard(key);
  if (position >= total) exhausted = true;
  return { jobs, matched, scanned, cursor: exhausted ? null : position, total };
}

/**
 * Deletes what `filter` selects, batch after batch by rank, skipping the members kept so far;
 * `onDeleted` gets each batch's deleted members (to release unique keys). Resolves to the count.
 */
export async function deleteMatchingLoop(
  redis: Redis,
  key: string,
  filter: JobFilter,
  onDeleted: (members: string[]) => Promise<void>,
): Promise<number> {
  let offset = 0;
  let deleted = 0;
  for (;;) {
    const batch = await deleteMatching(redis, key, offset, ZSET_BATCH, filter);
    if (batch.deleted.length > 0) await onDeleted(batch.deleted);
    deleted += batch.deleted.length;
    offset += batch.kept;
    if (batch.read < ZSET_BATCH) return deleted;
  }
}

/**
 * Runs the dead-retry script batch after batch with one fixed `now` until the range is used up.
 * Every batch either moves its members out of the range (to a queue, or to now+5) or counts them
 * as kept; the offset advances past kept ones, so a bad member never stalls the loop (gocraft
 * stopped at the first batch that requeued nothing, e.g. 1000 unknown jobs, leaving the rest).
 */
export async function retryDeadLoop(redis: Redis, req: DeadBatchRequest): Promise<RetryDeadResult> {
  const total: RetryDeadResult = { requeued: 0, unknown: 0, unencodable: 0 };
  let offset = 0;
  for (;;) {
    const batch = await retryDeadBatch(redis, req, offset, ZSET_BATCH);
    total.requeued += batch.requeued;
    total.unknown += batch.unknown;
    total.unencodable += batch.unencodable;
    offset += batch.kept;
    if (batch.scanned < ZSET_BATCH) return total;
  }
}
