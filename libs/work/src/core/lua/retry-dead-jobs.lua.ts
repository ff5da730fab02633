import { CHECK_KEYS_LUA } from './check-keys.lua';
import { JOB_FILTER_LUA, RANK_WINDOW_LUA } from './job-filter.lua';

/**
 * Moves dead jobs back to their queues, one bounded batch per call (spec §4.7 and §4.8 in one
 * script: one job by died-at and id, every job, or every job of one name).
 *
 * KEYS[1]: the dead zset
 * KEYS[2..]: the queue key (`NSjobs:<name>`) of every name in known_jobs
 * ARGV[1]: the jobs prefix, `NSjobs:`
 * ARGV[2]: now (epoch seconds), fixed by the caller for a whole multi-batch retry
 * ARGV[3], ARGV[4]: the died-at range, inclusive (`-inf` allowed)
 * ARGV[5], ARGV[6]: offset and count of the batch within that range, by rank from the range's
 *   first member (O(log n + count) wherever the batch starts)
 * ARGV[7]: a job id, or '' for any
 * ARGV[8]: a job name, or '' for any
 * ARGV[9]: a lower-cased search term the member's bytes must contain, or '' for any
 * Returns: {requeued, scanned, kept, unknown, unencodable}: members pushed to a queue, members
 *   read, members left where they were (filtered out, undecodable, nameless or not re-encodable),
 *   members of unknown names moved to now+5, and the matching members cjson could not re-encode
 *   (also counted in kept).
 *
 * Like gocraft, a retried job is decoded and re-encoded with cjson (so its bytes are not Go's,
 * spec §1.4), `t` becomes now and `fails`, `failed_at` and `err` are removed; we also remove our
 * `err_stack`, and `unique`/`unique_key` because a dead copy holds no unique key any more (B5).
 * A name not in known_jobs is put back at now+5 with err "unknown job when requeueing", outside
 * the caller's range so a later batch does not read it again.
 * Unlike gocraft, a member that does not decode is skipped instead of failing the whole batch,
 * and every member is encoded before it is removed, so a value cjson cannot encode (1e400) never
 * loses the member. Skipped members are counted in `kept`; the caller adds that to its offset.
 */
export const RETRY_DEAD_JOBS_LUA = `${CHECK_KEYS_LUA}${JOB_FILTER_LUA}${RANK_WINDOW_LUA}
local known = {}
for i = 2, #KEYS do known[KEYS[i]] = true end
local now = tonumber(ARGV[2])
local base = 0
if ARGV[3] ~= '-inf' then base = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[3]) end
local flat = rank_window(KEYS[1], base + tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[4])
local requeued, kept, unknown, unencodable = 0, 0, 0, 0
for i = 1, #flat, 2 do
  local m = flat[i]
  local ok, j = false, nil
  if job_matches(m, ARGV[8], ARGV[9]) then ok, j = pcall(cjson.decode, m) end
  local match = ok and type(j) == 'table' and type(j['name']) == 'string'
  if match and ARGV[7] ~= '' then match = j['id'] == ARGV[7] end
  local moved = false
  if match then
    local queue = ARGV[1] .. j['name']
    if known[queue] and isType(queue, 'list') then
      j['t'] = now
      j['fails'] = nil
      j['failed_at'] = nil
      j['err'] = nil
      j['err_stack'] = nil
      j['unique'] = nil
      j['unique_key'] = nil
      local eok, out = pcall(cjson.encode, j)
      if eok then
        redis.call('ZREM', KEYS[1], m)
        redis.call('LPUSH', queue, out)
        requeued = requeued + 1
        moved = true
      end
    else
      j['err'] = 'unknown job when requeueing'
      j['failed_at'] = now
      local eok, out = pcall(cjson.encode, j)
      if eok then
        redis.call('ZREM', KEYS[1], m)
        redis.call('ZADD', KEYS[1], now + 5, out)
        unknown = unknown + 1
        moved = true
      end
    end
  end
  if match and not moved then unencodable = unencodable + 1 end
  if not moved then kept = kept + 1 end
end
return {requeued, #flat / 2, kept, unknown, unencodable}
`;
