/**
 * Lua shared by the scripts that walk a zset by rank with an operator's filter (a job name, a
 * search term). Prepended to those scripts; defines `job_matches(member, name, term)`.
 *
 * - name: '' for any; else the member must decode to a job of exactly that name. A plain
 *   substring test runs first, so members that cannot match are never decoded.
 * - term: '' for any; else the lower-cased member bytes (the stored JSON: id, name, args, error)
 *   must contain it. The caller lower-cases the term.
 * Returns: whether the member matches, and the decoded job when it was decoded.
 */
export const JOB_FILTER_LUA = `
local function job_matches(member, name, term)
  if term ~= '' and not string.find(string.lower(member), term, 1, true) then return false end
  if name == '' then return true end
  if not string.find(member, name, 1, true) then return false end
  local ok, j = pcall(cjson.decode, member)
  if ok and type(j) == 'table' and j['name'] == name then return true, j end
  return false
end
`;

/**
 * Lua shared by the rank walkers: `rank_window(key, first, count, max)` reads members
 * `first .. first+count-1` by rank with their scores, and keeps those scored at most `max`
 * (a number, or '+inf'). Reading by rank costs O(log n + count) wherever the window starts, where
 * `ZRANGEBYSCORE … LIMIT offset count` walks the whole offset first.
 * Returns: a flat {member, score, …} list, and whether the window reached past `max`.
 */
export const RANK_WINDOW_LUA = `
local function rank_window(key, first, count, max)
  local flat = redis.call('ZRANGE', key, first, first + count - 1, 'WITHSCORES')
  if max == '+inf' then return flat, false end
  local limit = tonumber(max)
  local out = {}
  for i = 1, #flat, 2 do
    if tonumber(flat[i + 1]) > limit then return out, true end
    out[#out + 1] = flat[i]
    out[#out + 1] = flat[i + 1]
  end
  return out, false
end
`;
