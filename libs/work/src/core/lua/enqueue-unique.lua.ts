import { CHECK_KEYS_LUA } from './check-keys.lua';

/**
 * Enqueues a job only if its unique key is free (spec §4.9 and §4.10 in one script).
 *
 * KEYS[1]: the queue (LPUSH) or the scheduled zset (ZADD)
 * KEYS[2]: the unique key
 * ARGV[1]: job JSON
 * ARGV[2]: TTL of the unique key in seconds
 * ARGV[3]: run-at epoch for the scheduled zset, or '' to push onto the queue
 * Returns: 'ok' when enqueued, 'dup' when the key was taken (the key's value and TTL are left as
 *   they were, as in v0.5.1).
 */
export const ENQUEUE_UNIQUE_LUA = `${CHECK_KEYS_LUA}
expectType(KEYS[1], ARGV[3] == '' and 'list' or 'zset')
if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[2]) then
  if ARGV[3] == '' then
    redis.call('LPUSH', KEYS[1], ARGV[1])
  else
    redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  end
  return 'ok'
end
return 'dup'
`;
