import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Hands jobs a stopping pool gave up on back to their queues (stop past its deadline, or jobs
 * fetched after the pool stopped).
 *
 * KEYS: four per job: inprogress, queue, lock, lock_info
 * ARGV[1]: pool id
 * ARGV[2..]: the exact fetched bytes, one per job
 * Returns: how many jobs were handed back.
 *
 * A job still in this pool's in-progress list goes to the end of its queue that runs next (the
 * right), and its lock share is released, in one step; a job no longer in progress is skipped.
 */
export const HAND_BACK_LUA = `${CHECK_KEYS_LUA}
local pool = ARGV[1]
for k = 1, #KEYS, 4 do
  expectType(KEYS[k], 'list')
  expectType(KEYS[k + 1], 'list')
  expectType(KEYS[k + 2], 'string')
  expectType(KEYS[k + 3], 'hash')
  expectInteger(redis.call('GET', KEYS[k + 2]), KEYS[k + 2])
  expectInteger(redis.call('HGET', KEYS[k + 3], pool), KEYS[k + 3] .. ' field ' .. pool)
end
local n = 0
for i = 2, #ARGV do
  local k = (i - 2) * 4
  if redis.call('LREM', KEYS[k + 1], 1, ARGV[i]) == 1 then
    redis.call('RPUSH', KEYS[k + 2], ARGV[i])
    redis.call('DECR', KEYS[k + 3])
    redis.call('HINCRBY', KEYS[k + 4], pool, -1)
    n = n + 1
  end
end
return n
`;
