import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Acknowledges a batch of finished jobs in one round trip (spec §4.2, batched and made safe).
 *
 * KEYS[1]: retry zset
 * KEYS[2]: dead zset
 * KEYS[3..]: three per queue group: inprogress, lock, lock_info (each queue once per batch)
 * KEYS[3 + 3 * groups..]: the unique keys to release
 * ARGV[1]: pool id
 * ARGV[2]: number of queue groups, followed by `z` when the batch holds a retry or dead (only then
 *   are the retry and dead keys checked)
 * ARGV[3..]: entries of two forms:
 *   - a run of plain successes of one group: `*<group> <count>`, then that many fetched payloads
 *     (exact bytes). Successes are nearly every outcome, so each costs one argument and no
 *     parsing: building and reading arguments dominates the cost of a batch on both sides.
 *   - one outcome: a header `<group> <kind>` (group number 1-based; kind o = ok, x = drop,
 *     r = retry, d = dead; a trailing `u` when a unique key follows), the exact fetched bytes, then
 *     for r and d the zset score and member, then, if flagged, the unique key's number (1-based)
 *     among the unique keys in KEYS.
 * Returns: how many jobs were still in their in-progress list.
 *
 * Unlike gocraft's MULTI, a job whose bytes are no longer in progress (a reaper or a deadline
 * already handed it back) changes nothing: no lock is released twice, no copy is added to retry or
 * dead. Lock releases are summed per queue, so a batch costs one DECRBY per job name. Every key
 * is in KEYS, as Redis Cluster requires.
 */
export const ACK_JOBS_LUA = `${CHECK_KEYS_LUA}
local pool = ARGV[1]
local groups, zsets = string.match(ARGV[2], '^(%d+)(z?)$')
local uniques = 2 + tonumber(groups) * 3
if zsets == 'z' then
  expectType(KEYS[1], 'zset')
  expectType(KEYS[2], 'zset')
end
for k = 3, uniques, 3 do
  expectType(KEYS[k], 'list')
  expectIntegerValue(KEYS[k + 1])
  expectIntegerField(KEYS[k + 2], pool)
end
local released = {}
local done = 0
-- Only counts above 0 are recorded: HINCRBY refuses the "-0" a zero would become below.
local function release(g, count)
  if count == 0 then return end
  done = done + count
  released[g] = (released[g] or 0) + count
end
-- A run of plain successes starting at ARGV[a]; returns where the next entry starts.
local function run(a)
  local g, count = string.match(ARGV[a], '^%*(%d+) (%d+)$')
  g = tonumber(g)
  count = tonumber(count)
  local key = KEYS[3 + (g - 1) * 3]
  local got = 0
  for i = a + 1, a + count do
    got = got + redis.call('LREM', key, -1, ARGV[i])
  end
  release(g, got)
  return a + 1 + count
end
-- One outcome starting at ARGV[a]; returns where the next entry starts.
local function single(a)
  local g, kind, u = string.match(ARGV[a], '^(%d+) (%a)(u?)$')
  g = tonumber(g)
  local raw = ARGV[a + 1]
  local score, member, unique
  a = a + 2
  if kind == 'r' or kind == 'd' then
    score = ARGV[a]
    member = ARGV[a + 1]
    a = a + 2
  end
  if u == 'u' then
    unique = KEYS[uniques + tonumber(ARGV[a])]
    a = a + 1
  end
  if redis.call('LREM', KEYS[3 + (g - 1) * 3], -1, raw) == 1 then
    release(g, 1)
    if kind == 'r' then
      redis.call('ZADD', KEYS[1], score, member)
    elseif kind == 'd' then
      redis.call('ZADD', KEYS[2], score, member)
    end
    if unique then redis.call('DEL', unique) end
  end
  return a
end
local a = 3
local n = #ARGV
while a <= n do
  -- 42 is '*', which starts a run
  if string.byte(ARGV[a], 1) == 42 then a = run(a) else a = single(a) end
end
for g, count in pairs(released) do
  local k = 2 + (g - 1) * 3
  redis.call('DECRBY', KEYS[k + 2], count)
  redis.call('HINCRBY', KEYS[k + 3], pool, -count)
end
return done
`;
