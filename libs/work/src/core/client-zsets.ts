/**
 * The Client's own reads and bulk moves over the retry, scheduled and dead zsets (what the
 * background processes share with it is in zsets.ts), each bounded per round trip so one call
 * never blocks Redis for long however large the set.
 */
import type Redis from 'ioredis';
import { decodeEntry } from './client-decode';
import type { JobEntry, JobPage, RetryDeadResult } from './client-types';
import { DeadBatchRequest, retryDeadBatch } from './lua/client-scripts';
import { resultOf } from './zsets';

/** Members per dead-retry script call (gocraft's batch), and per ZSCAN step of a search. */
export const ZSET_BATCH = 1000;

/**
 * One page, ascending by score (ties in member byte order, as ZRANGEBYSCORE gives them), with the
 * zset's size read in the same MULTI so both describe one moment. ZRANGE by rank costs
 * O(log n + pageSize) where gocraft's ZRANGEBYSCORE … LIMIT also walks the skipped offset.
 */
export async function readPage<T>(
  redis: Redis,
  key: string,
  page: number,
  pageSize: number,
  withScore: (score: number, entry: JobEntry) => T,
): Promise<JobPage<T>> {
  const start = (page - 1) * pageSize;
  const reply = await redis
    .multi()
    .zrange(key, start, start + pageSize - 1, 'WITHSCORES')
    .zcard(key)
    .exec();
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
 * Finds the first member of `key` whose id is `id`, by ZSCAN in steps of about 1000 members.
 * Cost: O(n) over the whole zset in the worst case (not found), spread over n/1000 round trips,
 * each O(1000) on the server; the MATCH filter runs server-side so only candidates travel.
 */
export async function findInZset(
  redis: Redis,
  key: string,
  id: string,
): Promise<{ score: number; job: JobEntry } | null> {
  const pattern = idMatchPattern(id);
  let cursor = '0';
  do {
    const [next, flat] = await redis.zscan(key, cursor, 'MATCH', pattern, 'COUNT', ZSET_BATCH);
    cursor = next;
    for (let i = 0; i < flat.length; i += 2) {
      const job = decodeEntry(flat[i]);
      if (job.id === id) return { score: Number(flat[i + 1]), job };
    }
  } while (cursor !== '0');
  return null;
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
