/**
 * Writes a pool's heartbeat (spec §7.1) in one step, so it can run with the allow-oom flag: a
 * full Redis must not make live pools look dead to every reaper (the hash's values are replaced,
 * not grown).
 *
 * KEYS[1]: worker_pools
 * KEYS[2]: the pool's heartbeat hash
 * ARGV[1]: pool id
 * ARGV[2..]: field, value, field, value, ... in gocraft's order
 * Returns: 1
 */
export const HEARTBEAT_LUA = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], unpack(ARGV, 2))
return 1
`;
