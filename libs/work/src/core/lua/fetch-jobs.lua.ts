import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Fetches up to one job per idle worker slot in one round trip (spec §4.1, batched).
 *
 * KEYS: six per registered job type, in registration order:
 *   queue, inprogress (this pool), paused, lock, lock_info, max_concurrency
 * ARGV[1]: pool id
 * ARGV[2]: number of job types (m)
 * ARGV[3]: number of idle slots (s)
 * ARGV[4]: m bytes, each a 1-based type index: the types in one priority-sampled order (one
 *   string instead of m arguments, so at most 255 job types per pool)
 * Returns: a flat array {payload, typeIndex, payload, typeIndex, ...} of at most s jobs.
 *
 * The slots are filled down the order: each type gives as many jobs as it can, and a type is
 * eligible as in gocraft's fetch: the queue is non-empty, its paused key is absent, and
 * max_concurrency is 0/missing or the lock is below it (a type gives at most max - lock jobs).
 * With one idle slot this is exactly gocraft's fetch; with many, one order per fetch (rather than
 * one per slot) keeps the share of each type by priority over time while a fetch touches as few
 * queues as it can: the Redis work of a fetch grows with the queues it touches, not with the jobs.
 * The lock and lock_info grow by one per job taken, whatever max_concurrency is.
 *
 * Everything that can fail is checked before the first write, so a fetch is all or nothing. Each
 * queue taken from gives its share with one RPOP (count) and one LPUSH, which leaves the queue and
 * in-progress list exactly as that many RPOPLPUSHes would (needs Redis 6.2+ for RPOP with a count).
 */
export const FETCH_JOBS_LUA = `${CHECK_KEYS_LUA}
local pool = ARGV[1]
local m = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local order = ARGV[4]
local plan = {}
for k = 1, m do
  if wanted == 0 then break end
  local t = string.byte(order, k)
  local b = (t - 1) * 6
  local len = redis.call('LLEN', KEYS[b + 1])
  if len > 0 then
    local v = redis.call('MGET', KEYS[b + 3], KEYS[b + 4], KEYS[b + 6])
    if not v[1] then
      local n = math.min(len, wanted)
      local max = tonumber(v[3] or '0') or 0
      if max > 0 then n = math.min(n, max - (tonumber(v[2] or '0') or 0)) end
      if n > 0 then
        plan[#plan + 1] = { t = t, n = n, lock = v[2] }
        wanted = wanted - n
      end
    end
  end
end
for _, p in ipairs(plan) do
  local b = (p.t - 1) * 6
  expectType(KEYS[b + 2], 'list')
  expectIntegerString(KEYS[b + 4], p.lock)
  expectIntegerField(KEYS[b + 5], pool)
end
local out = {}
for _, p in ipairs(plan) do
  local b = (p.t - 1) * 6
  local jobs = redis.call('RPOP', KEYS[b + 1], p.n)
  redis.call('LPUSH', KEYS[b + 2], unpack(jobs))
  redis.call('INCRBY', KEYS[b + 4], #jobs)
  redis.call('HINCRBY', KEYS[b + 5], pool, #jobs)
  for _, job in ipairs(jobs) do
    out[#out + 1] = job
    out[#out + 1] = p.t
  end
end
return out
`;
