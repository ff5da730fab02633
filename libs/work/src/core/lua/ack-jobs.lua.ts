/**
 * Acknowledges a batch of finished jobs in one round trip (spec §4.2, batched and made safe).
 *
 * KEYS: five per entry: inprogress, lock, lock_info, target zset (retry or dead), unique key
 *   (for entries that hold none, any key; it is not touched)
 * ARGV[1]: pool id
 * ARGV[2..]: five per entry: kind ('ok' | 'drop' | 'retry' | 'dead'), the exact fetched bytes,
 *   zset score, zset member, '1' to delete the unique key ('0' otherwise)
 * Returns: how many entries were still in their in-progress list.
 *
 * Unlike gocraft's MULTI, an entry whose bytes are no longer in progress (a reaper or a deadline
 * already handed the job back) changes nothing: no lock is released twice, no copy is added to
 * retry or dead. Lock releases are summed per key so a batch costs one DECRBY per job name.
 */
export const ACK_JOBS_LUA = `
local pool = ARGV[1]
local n = (#ARGV - 1) / 5
local released = {}
local done = 0
for i = 0, n - 1 do
  local k = i * 5
  local a = 1 + i * 5
  if redis.call('LREM', KEYS[k + 1], 1, ARGV[a + 2]) == 1 then
    done = done + 1
    local lock = KEYS[k + 2]
    local r = released[lock]
    if r then r.n = r.n + 1 else released[lock] = { n = 1, info = KEYS[k + 3] } end
    local kind = ARGV[a + 1]
    if kind == 'retry' or kind == 'dead' then
      redis.call('ZADD', KEYS[k + 4], ARGV[a + 3], ARGV[a + 4])
    end
    if ARGV[a + 5] == '1' then redis.call('DEL', KEYS[k + 5]) end
  end
end
for lock, r in pairs(released) do
  redis.call('DECRBY', lock, r.n)
  redis.call('HINCRBY', r.info, pool, -r.n)
end
return done
`;
