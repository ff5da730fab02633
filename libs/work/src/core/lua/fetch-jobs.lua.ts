import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Fetches up to one job per idle worker slot in one round trip (spec §4.1, batched).
 *
 * KEYS: six per registered job type, in registration order:
 *   queue, inprogress (this pool), paused, lock, lock_info, max_concurrency
 * ARGV[1]: pool id
 * ARGV[2]: number of job types (m)
 * ARGV[3]: number of slots (s)
 * ARGV[4]: s*m bytes, each a 1-based type index: for each slot, the types in that slot's
 *   priority-sampled order (one string instead of s*m arguments: building arguments is what costs
 *   most on both sides; so at most 255 job types per pool)
 * Returns: a flat array {payload, typeIndex, payload, typeIndex, ...}; it stops at the first slot for
 *   which no type is eligible, so it may hold fewer than s jobs.
 *
 * Each slot takes the first eligible type of its own order, exactly as gocraft's per-worker fetch
 * does: the queue is non-empty, its paused key is absent, and max_concurrency is 0/missing or the
 * lock is below it. The lock and lock_info grow by one per job taken, whatever max_concurrency is.
 *
 * The slots are assigned first; then each queue gives its share with one RPOP (count) and one
 * LPUSH, which leaves the queue and in-progress list exactly as that many RPOPLPUSHes would
 * (needs Redis 6.2+ for RPOP with a count).
 */
export const FETCH_JOBS_LUA = `${CHECK_KEYS_LUA}
local pool = ARGV[1]
local m = tonumber(ARGV[2])
local s = tonumber(ARGV[3])
local state = {}
local function load(t)
  local st = state[t]
  if st ~= nil then return st end
  local b = (t - 1) * 6
  local len = redis.call('LLEN', KEYS[b + 1])
  if len == 0 then
    state[t] = false
    return false
  end
  local v = redis.call('MGET', KEYS[b + 3], KEYS[b + 4], KEYS[b + 6])
  if v[1] then
    state[t] = false
    return false
  end
  st = { len = len, lock = tonumber(v[2] or '0') or 0, max = tonumber(v[3] or '0') or 0, taken = 0 }
  state[t] = st
  return st
end
local order = ARGV[4]
local p = 1
for slot = 1, s do
  local got = false
  for k = 0, m - 1 do
    local t = string.byte(order, p + k)
    local st = load(t)
    if st and st.len > st.taken and (st.max <= 0 or st.lock + st.taken < st.max) then
      st.taken = st.taken + 1
      got = true
      break
    end
  end
  if not got then break end
  p = p + m
end
for t, st in pairs(state) do
  if st and st.taken > 0 then
    local b = (t - 1) * 6
    expectType(KEYS[b + 2], 'list')
    expectType(KEYS[b + 4], 'string')
    expectType(KEYS[b + 5], 'hash')
    expectInteger(redis.call('GET', KEYS[b + 4]), KEYS[b + 4])
    expectInteger(redis.call('HGET', KEYS[b + 5], pool), KEYS[b + 5] .. ' field ' .. pool)
  end
end
local out = {}
for t, st in pairs(state) do
  if st and st.taken > 0 then
    local b = (t - 1) * 6
    local jobs = redis.call('RPOP', KEYS[b + 1], st.taken)
    redis.call('LPUSH', KEYS[b + 2], unpack(jobs))
    redis.call('INCRBY', KEYS[b + 4], #jobs)
    redis.call('HINCRBY', KEYS[b + 5], pool, #jobs)
    for _, job in ipairs(jobs) do
      out[#out + 1] = job
      out[#out + 1] = t
    end
  end
end
return out
`;
