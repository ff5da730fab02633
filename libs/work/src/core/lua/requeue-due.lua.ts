/**
 * Moves due jobs from `retry` or `scheduled` to their queues (spec §4.5, batched, B2 fixed).
 *
 * KEYS[1]: the zset (retry or scheduled)
 * KEYS[2..]: the queue key (`NSjobs:<name>`) of every name that may be moved: the names in
 *   known_jobs and the ones this pool handles
 * ARGV[1]: the queue key prefix (`NSjobs:`)
 * ARGV[2]: the highest due score: now (epoch seconds), or '+inf' to move everything ("run all now")
 * ARGV[3]: offset into the due members (skips ones already known to stay)
 * ARGV[4]: most members to look at in this call
 * ARGV[5]: the wake-up channel, or '' to announce nothing
 * ARGV[6]: now, written as the moved jobs' `t`
 * Returns: {moved, skipped, looked at}
 *
 * As in gocraft, a moved job is decoded and re-encoded by cjson with `t` = now and LPUSHed. Unlike
 * gocraft, a due job whose queue is not in KEYS (its name is neither in known_jobs nor handled
 * here) is left where it is instead of being killed as "unknown job" (B2), and a member that cjson
 * cannot decode or re-encode is left in place and skipped instead of blocking every job behind it.
 * The member is removed only once its re-encoding succeeded, so nothing is lost on an encoding
 * error. Every key is in KEYS, as Redis Cluster requires.
 */
export const REQUEUE_DUE_LUA = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', ARGV[3], ARGV[4])
local now = tonumber(ARGV[6])
local queues = {}
for i = 2, #KEYS do queues[KEYS[i]] = true end
local moved, skipped = 0, 0
local woken = {}
for _, member in ipairs(members) do
  local ok, job = pcall(cjson.decode, member)
  local name = ok and type(job) == 'table' and job['name']
  local queue = type(name) == 'string' and ARGV[1] .. name
  local known = queue and queues[queue]
  local encoded
  if known then
    job['t'] = now
    ok, encoded = pcall(cjson.encode, job)
    known = ok
  end
  if known then
    redis.call('ZREM', KEYS[1], member)
    redis.call('LPUSH', queue, encoded)
    moved = moved + 1
    woken[name] = true
  else
    skipped = skipped + 1
  end
end
if ARGV[5] ~= '' then
  for name in pairs(woken) do redis.call('PUBLISH', ARGV[5], name) end
end
return { moved, skipped, #members }
`;
