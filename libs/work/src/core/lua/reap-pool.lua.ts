import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Claims a dead pool and hands its in-progress jobs back to their queues, atomically, so two
 * reapers never reap one pool twice (spec §4.3/§4.4/§7.4, B1/B3/B4 fixed).
 *
 * KEYS[1]: worker_pools
 * KEYS[2]: the dead pool's heartbeat hash
 * KEYS[3..]: four per job name, in ARGV's order: queue, the pool's inprogress, lock, lock_info
 * ARGV[1]: pool id
 * ARGV[2]: mode: 'stale' (the pool is in worker_pools and its heartbeat_at is missing or older
 *   than ARGV[3]) or 'orphan' (the pool is absent from worker_pools)
 * ARGV[3]: stale-before epoch (used in 'stale' mode)
 * ARGV[4]: the wake-up channel, or ''
 * ARGV[5..]: the job names to check: the heartbeat's job_names and any other
 * Returns: the number of jobs handed back, -1 when the pool is alive or already reaped, or -2 when
 *   the heartbeat lists a job name missing from ARGV (nothing is changed; the caller reads
 *   job_names again at its next pass).
 *
 * Jobs go back to the end of their queue that runs next (the right), oldest-fetched first, and
 * each name's lock drops by this pool's share in lock_info, never below zero; the share is then
 * deleted. Finally the pool leaves worker_pools and its heartbeat hash is deleted. Every key is in
 * KEYS, as Redis Cluster requires: the caller passes the heartbeat's job_names, read just before.
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
local given = {}
for i = 5, #ARGV do given[ARGV[i]] = true end
local listed = redis.call('HGET', KEYS[2], 'job_names')
if listed then
  for name in string.gmatch(listed, '[^,]+') do
    if not given[name] then return -2 end
  end
end
for i = 5, #ARGV do
  local k = 3 + (i - 5) * 4
  expectType(KEYS[k], 'list')
  expectType(KEYS[k + 1], 'list')
  expectType(KEYS[k + 2], 'string')
  expectType(KEYS[k + 3], 'hash')
  expectInteger(redis.call('GET', KEYS[k + 2]), KEYS[k + 2])
end
local total = 0
for i = 5, #ARGV do
  local k = 3 + (i - 5) * 4
  local queue, inprogress, lock, lockInfo = KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3]
  local moved = 0
  while true do
    local job = redis.call('LPOP', inprogress)
    if not job then break end
    redis.call('RPUSH', queue, job)
    moved = moved + 1
  end
  local share = tonumber(redis.call('HGET', lockInfo, pool))
  if share then
    local left = (tonumber(redis.call('GET', lock)) or 0) - math.max(share, 0)
    if left < 0 then left = 0 end
    redis.call('SET', lock, left)
    redis.call('HDEL', lockInfo, pool)
  end
  if moved > 0 and ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[i]) end
  total = total + moved
end
redis.call('SREM', KEYS[1], pool)
redis.call('DEL', KEYS[2])
return total
`;
