/**
 * Deletes the members of a zset (retry, scheduled or dead) that have one score and one job id
 * (spec §4.6, `redisLuaDeleteSingleCmd`, made robust).
 *
 * KEYS[1]: the zset
 * ARGV[1]: the score (retry-at, run-at or died-at epoch)
 * ARGV[2]: the job id
 * Returns: the deleted members, exact bytes (usually one; empty when nothing matched).
 *
 * gocraft's script fails on the first member at that score that is not JSON, so one bad member
 * made its neighbours undeletable. Here a member that does not decode, or has no string id, has
 * the id '' (which is what the client lists for it), so it can be deleted with the id ''.
 * All deleted members are returned (gocraft returned only the last) so the caller can release
 * the unique key of each.
 */
export const DELETE_ZSET_JOB_LUA = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
local deleted = {}
for _, m in ipairs(members) do
  local ok, j = pcall(cjson.decode, m)
  local id = ''
  if ok and type(j) == 'table' and type(j['id']) == 'string' then id = j['id'] end
  if id == ARGV[2] then
    redis.call('ZREM', KEYS[1], m)
    deleted[#deleted + 1] = m
  end
end
return deleted
`;
