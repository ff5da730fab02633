import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Claims a dead pool and hands its in-progress jobs back to their queues, atomically, so two
 * reapers never reap one pool twice (spec §4.3/§4.4/§7.4, B1/B3/B4 fixed).
 *
 * KEYS[1]: worker_pools
 * KEYS[2]: the dead pool's heartbeat hash
 * ARGV[1]: pool id
 * ARGV[2]: mode: 'stale' (the pool is in worker_pools and its heartbeat_at is missing or older
 *   than ARGV[3]) or 'orphan' (the pool is absent from worker_pools)
 * ARGV[3]: stale-before epoch (used in 'stale' mode)
 * ARGV[4]: the queue key prefix (`NSjobs:`)
 * ARGV[5]: the wake-up channel, or ''
 * ARGV[6..]: job names to check, besides the ones listed in the heartbeat's job_names
 * Returns: the number of jobs handed back, or -1 when the pool is alive or already reaped.
 *
 * Jobs go back to the end of their queue that runs next (the right), oldest-fetched first, and
 * each name's lock drops by this pool's share in lock_info, never below zero; the share is then
 * deleted. Finally the pool leaves worker_pools and its heartbeat hash is deleted.
 */
export const REAP_POOL_LUA = `${CHECK_KEYS_LUA}
local pool = ARGV[1]
local present = redis.call('SISMEMBER', KEYS[1], pool) == 1
if ARGV[2] == 'stale' then
  if not present then return -1 end
  local beat = tonumber(redis.call('HGET', KEYS[2], 'heartbeat_at'))
  if beat and beat >= tonumber(ARGV[3]) then return -1 end
elseif present then
  return -1
end
local names = {}
local listed = redis.call('HGET', KEYS[2], 'job_names')
if listed then
  for name in string.gmatch(listed, '[^,]+') do names[name] = true end
end
for i = 6, #ARGV do names[ARGV[i]] = true end
local prefix = ARGV[4]
for name in pairs(names) do
  local queue = prefix .. name
  expectType(queue, 'list')
  expectType(queue .. ':' .. pool .. ':inprogress', 'list')
  expectType(queue .. ':lock', 'string')
  expectType(queue .. ':lock_info', 'hash')
  expectInteger(redis.call('GET', queue .. ':lock'), queue .. ':lock')
end
local total = 0
for name in pairs(names) do
  local queue = prefix .. name
  local inprogress = queue .. ':' .. pool .. ':inprogress'
  local moved = 0
  while true do
    local job = redis.call('LPOP', inprogress)
    if not job then break end
    redis.call('RPUSH', queue, job)
    moved = moved + 1
  end
  local share = tonumber(redis.call('HGET', queue .. ':lock_info', pool))
  if share then
    local lock = tonumber(redis.call('GET', queue .. ':lock')) or 0
    local left = lock - math.max(share, 0)
    if left < 0 then left = 0 end
    redis.call('SET', queue .. ':lock', left)
    redis.call('HDEL', queue .. ':lock_info', pool)
  end
  if moved > 0 and ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], name) end
  total = total + moved
end
redis.call('SREM', KEYS[1], pool)
redis.call('DEL', KEYS[2])
return total
`;
