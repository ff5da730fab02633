import { JOB_FILTER_LUA } from './job-filter.lua';

/**
 * Deletes the members of a retry, scheduled or dead set that a filter selects, one bounded window
 * per call. Members are read by rank from `offset` (the members kept by earlier calls, which the
 * caller skips), so each call costs O(log n + count) and no member is read twice.
 *
 * KEYS[1]: the zset
 * ARGV[1]: offset: members kept so far
 * ARGV[2]: most members to read
 * ARGV[3]: a job name, or '' for any
 * ARGV[4]: a lower-cased term the member's bytes must contain, or '' for any
 * Returns: {read, kept, deleted member, …}: the deleted members' exact bytes let the caller
 *   release the unique keys scheduled jobs hold.
 */
export const DELETE_MATCHING_LUA = `${JOB_FILTER_LUA}
local first, count = tonumber(ARGV[1]), tonumber(ARGV[2])
local members = redis.call('ZRANGE', KEYS[1], first, first + count - 1)
local out = {#members, 0}
for _, m in ipairs(members) do
  if job_matches(m, ARGV[3], ARGV[4]) then
    redis.call('ZREM', KEYS[1], m)
    out[#out + 1] = m
  else
    out[2] = out[2] + 1
  end
end
return out
`;
