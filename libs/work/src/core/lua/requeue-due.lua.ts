import { CHECK_KEYS_LUA } from './check-keys.lua';
import { JOB_FILTER_LUA, RANK_WINDOW_LUA } from './job-filter.lua';

/**
 * Moves due jobs from `retry` or `scheduled` to their queues (spec §4.5, batched, B2 fixed).
 *
 * KEYS[1]: the zset (retry or scheduled)
 * KEYS[2]: known_jobs
 * ARGV[1]: the queue key prefix (`NSjobs:`)
 * ARGV[2]: the highest due score: now (epoch seconds), or '+inf' to move everything ("run all now")
 * ARGV[3]: offset into the due members (skips ones already known to stay)
 * ARGV[4]: most members to look at in this call
 * ARGV[5]: the wake-up channel, or '' to announce nothing
 * ARGV[6]: now, written as the moved jobs' `t`
 * ARGV[7]: only jobs of this name ('' for any; the client's filtered "run now")
 * ARGV[8]: only jobs whose lower-cased bytes contain this ('' for any)
 * ARGV[9..]: job names this pool handles
 * Returns: {moved, skipped, looked at}
 *
 * As in gocraft, a moved job is decoded and re-encoded by cjson with `t` = now and LPUSHed. Unlike
 * gocraft, a due job whose name is neither in known_jobs nor handled here is left where it is
 * instead of being killed as "unknown job" (B2), and a member that cjson cannot decode or
 * re-encode is left in place and skipped instead of blocking every job behind it. The member is
 * removed only once its re-encoding succeeded, so nothing is lost on an encoding error.
 * Members are read by rank (offset .. offset+count-1) so skipped members cost nothing on later
 * batches; the window stops at the first member scored above the due score.
 * Queue keys are derived in the script; namespaces hash-tagged for Redis Cluster keep them in one
 * slot with the zset.
 */
export const REQUEUE_DUE_LUA = `${CHECK_KEYS_LUA}${JOB_FILTER_LUA}${RANK_WINDOW_LUA}
local flat = rank_window(KEYS[1], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[2])
local now = tonumber(ARGV[6])
local mine = {}
for i = 9, #ARGV do mine[ARGV[i]] = true end
local moved, skipped = 0, 0
local woken = {}
for i = 1, #flat, 2 do
  local member = flat[i]
  local known = job_matches(member, ARGV[7], ARGV[8])
  local ok, job, name
  if known then
    ok, job = pcall(cjson.decode, member)
    name = ok and type(job) == 'table' and job['name']
    known = type(name) == 'string' and (mine[name] or redis.call('SISMEMBER', KEYS[2], name) == 1)
    known = known and isType(ARGV[1] .. name, 'list')
  end
  local encoded
  if known then
    job['t'] = now
    ok, encoded = pcall(cjson.encode, job)
    known = ok
  end
  if known then
    redis.call('ZREM', KEYS[1], member)
    redis.call('LPUSH', ARGV[1] .. name, encoded)
    moved = moved + 1
    woken[name] = true
  else
    skipped = skipped + 1
  end
end
if ARGV[5] ~= '' then
  for name in pairs(woken) do redis.call('PUBLISH', ARGV[5], name) end
end
return { moved, skipped, #flat / 2 }
`;
