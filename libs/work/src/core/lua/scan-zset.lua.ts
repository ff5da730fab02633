import { JOB_FILTER_LUA } from './job-filter.lua';

/**
 * One bounded step of a search over a retry, scheduled or dead set: reads a window of members by
 * rank, newest or oldest first, and returns the ones the filter selects. The caller's cursor is a
 * position from the chosen end, so each step costs O(log n + window) wherever it starts and a
 * whole-set search is linear in the set.
 *
 * KEYS[1]: the zset
 * ARGV[1]: position of the first member to read, counted from the chosen end
 * ARGV[2]: most members to read
 * ARGV[3]: 'asc' (lowest score first) or 'desc' (highest first)
 * ARGV[4]: a job name, or '' for any
 * ARGV[5]: a lower-cased term the member's bytes must contain, or '' for any
 * ARGV[6]: most matches to return; 0 returns none and only counts
 * Returns: {read, matched, member, score, …}: members read (the step stops right after the
 *   match that fills the page, so the next step starts at position + read), matches among them,
 *   and the returned matches with their scores.
 */
export const SCAN_ZSET_LUA = `${JOB_FILTER_LUA}
local first, count, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[6])
local range = 'ZRANGE'
if ARGV[3] == 'desc' then range = 'ZREVRANGE' end
local flat = redis.call(range, KEYS[1], first, first + count - 1, 'WITHSCORES')
local out = {0, 0}
local read, matched = 0, 0
for i = 1, #flat, 2 do
  read = read + 1
  if job_matches(flat[i], ARGV[4], ARGV[5]) then
    matched = matched + 1
    if want > 0 then
      out[#out + 1] = flat[i]
      out[#out + 1] = flat[i + 1]
      if matched >= want then break end
    end
  end
end
out[1] = read
out[2] = matched
return out
`;
