import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Moves dead jobs back to their queues, one bounded batch per call (spec §4.7 and §4.8 in one
 * script: one job by died-at and id, every job, or every job of one name).
 *
 * KEYS[1]: the dead zset
 * KEYS[2..]: the queue key (`NSjobs:<name>`) of every name in known_jobs
 * ARGV[1]: the jobs prefix, `NSjobs:`
 * ARGV[2]: now (epoch seconds), fixed by the caller for a whole multi-batch retry
 * ARGV[3], ARGV[4]: the died-at range, inclusive (`-inf` allowed)
 * ARGV[5], ARGV[6]: offset and count of the batch within that range (ZRANGEBYSCORE LIMIT)
 * ARGV[7]: filter: 'all', 'id' (ARGV[8] is a job id) or 'name' (ARGV[8] is a job name)
 * ARGV[8]: the filter's value ('' for 'all')
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
export const RETRY_DEAD_JOBS_LUA = `${CHECK_KEYS_LUA}
local known = {}
for i = 2, #KEYS do known[KEYS[i]] = true end
local now = tonumber(ARGV[2])
local filter, want = ARGV[7], ARGV[8]
local members = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[3], ARGV[4], 'LIMIT', ARGV[5], ARGV[6])
local requeued, kept, unknown, unencodable = 0, 0, 0, 0
for _, m in ipairs(members) do
  local ok, j = pcall(cjson.decode, m)
  local match = ok and type(j) == 'table' and type(j['name']) == 'string'
  if match and filter == 'id' then match = j['id'] == want end
  if match and filter == 'name' then match = j['name'] == want end
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
return {requeued, #members, kept, unknown, unencodable}
`;
