/**
 * A starting pool's writes (gocraft's Start): each job name's max_concurrency and our priority,
 * and the names in known_jobs, in one step so it can run with the allow-oom flag: a pool must be
 * able to start, and drain, a Redis that is full.
 *
 * KEYS[1]: known_jobs
 * KEYS[2..]: two per job type: max_concurrency, priority
 * ARGV: three per job type, in the same order: name, max concurrency, priority
 * Returns: 1
 */
export const ANNOUNCE_JOB_TYPES_LUA = `
for i = 1, #ARGV, 3 do
  local k = 2 + (i - 1) / 3 * 2
  redis.call('SET', KEYS[k], ARGV[i + 1])
  redis.call('SET', KEYS[k + 1], ARGV[i + 2])
  redis.call('SADD', KEYS[1], ARGV[i])
end
return 1
`;
