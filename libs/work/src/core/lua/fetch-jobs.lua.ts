/**
 * Fetches up to one job per idle worker slot in one round trip (spec §4.1, batched).
 *
 * KEYS: six per registered job type, in registration order:
 *   queue, inprogress (this pool), paused, lock, lock_info, max_concurrency
 * ARGV[1]: pool id
 * ARGV[2]: number of job types (m)
 * ARGV[3]: number of slots (s)
 * ARGV[4..]: s*m 1-based type indexes: for each slot, the types in that slot's priority-sampled order
 * Returns: a flat array {payload, typeIndex, payload, typeIndex, ...}; it stops at the first slot for
 *   which no type is eligible, so it may hold fewer than s jobs.
 *
 * Each slot takes the first eligible type of its own order, exactly as gocraft's per-worker fetch
 * does: the queue is non-empty, its paused key is absent, and max_concurrency is 0/missing or the
 * lock is below it. The lock and lock_info grow by one per job taken, whatever max_concurrency is.
 */
export const FETCH_JOBS_LUA = `
local pool = ARGV[1]
local m = tonumber(ARGV[2])
local s = tonumber(ARGV[3])
local state = {}
local function load(t)
  local st = state[t]
  if st ~= nil then return st end
  local b = (t - 1) * 6
  local len = redis.call('LLEN', KEYS[b + 1])
  if len == 0 or redis.call('EXISTS', KEYS[b + 3]) == 1 then
    state[t] = false
    return false
  end
  local max = tonumber(redis.call('GET', KEYS[b + 6]) or '0') or 0
  local lock = tonumber(redis.call('GET', KEYS[b + 4]) or '0') or 0
  st = { len = len, lock = lock, max = max, taken = 0 }
  state[t] = st
  return st
end
local out = {}
local p = 4
for slot = 1, s do
  local got = false
  for k = 0, m - 1 do
    local t = tonumber(ARGV[p + k])
    local st = load(t)
    if st and st.len > 0 and (st.max <= 0 or st.lock < st.max) then
      local b = (t - 1) * 6
      local job = redis.call('RPOPLPUSH', KEYS[b + 1], KEYS[b + 2])
      if job then
        st.len = st.len - 1
        st.lock = st.lock + 1
        st.taken = st.taken + 1
        out[#out + 1] = job
        out[#out + 1] = t
        got = true
        break
      end
      st.len = 0
    end
  end
  if not got then break end
  p = p + m
end
for t, st in pairs(state) do
  if st and st.taken > 0 then
    local b = (t - 1) * 6
    redis.call('INCRBY', KEYS[b + 4], st.taken)
    redis.call('HINCRBY', KEYS[b + 5], pool, st.taken)
  end
end
return out
`;
