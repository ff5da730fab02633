import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Moves one scheduled or retry job to its queue now ("run now"), atomically: the member with that
 * score and id leaves the zset and is LPUSHed with `t` = now, as the requeuer (spec §4.5) would
 * do when its time comes.
 *
 * KEYS[1]: the zset (scheduled or retry)
 * KEYS[2..]: the queue key (`NSjobs:<name>`) of every name in known_jobs
 * ARGV[1]: the jobs prefix, `NSjobs:`
 * ARGV[2]: now (epoch seconds)
 * ARGV[3]: the member's score (run-at or retry-at)
 * ARGV[4]: the job id
 * ARGV[5]: '1' to remove `unique`/`unique_key` (retry copies hold no unique key), '0' to keep them
 *   (a scheduled unique job still holds its key and its worker releases it)
 * Returns: {moved, unknown, unencodable}: members pushed; matching members left in place because
 *   their name is not in known_jobs (no pool would run them); matching members left in place
 *   because cjson cannot re-encode them (a number such as 1e400 decodes to inf).
 *
 * The job is re-encoded with cjson like every gocraft requeue (spec §1.4); `fails`, `err` and
 * `failed_at` are kept. Encoding happens before ZREM so a member cjson cannot encode stays put.
 */
export const REQUEUE_ZSET_JOB_LUA = `${CHECK_KEYS_LUA}
local known = {}
for i = 2, #KEYS do known[KEYS[i]] = true end
local now = tonumber(ARGV[2])
local members = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[3], ARGV[3])
local moved, unknown, unencodable = 0, 0, 0
for _, m in ipairs(members) do
  local ok, j = pcall(cjson.decode, m)
  if ok and type(j) == 'table' and j['id'] == ARGV[4] then
    local queue = type(j['name']) == 'string' and (ARGV[1] .. j['name']) or nil
    if queue and known[queue] and isType(queue, 'list') then
      j['t'] = now
      if ARGV[5] == '1' then
        j['unique'] = nil
        j['unique_key'] = nil
      end
      local eok, out = pcall(cjson.encode, j)
      if eok then
        redis.call('ZREM', KEYS[1], m)
        redis.call('LPUSH', queue, out)
        moved = moved + 1
      else
        unencodable = unencodable + 1
      end
    else
      unknown = unknown + 1
    end
  end
end
return {moved, unknown, unencodable}
`;
