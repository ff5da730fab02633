/**
 * A check that every Lua script names each key it touches in KEYS (what Redis Cluster requires):
 * a connection whose scripts run behind a guard that fails any redis.call/pcall given an argument
 * that starts with the namespace prefix but is not in KEYS. Values never start with the prefix
 * (jobs are JSON objects, fields are ids and names); PUBLISH is exempt (a channel, not a key).
 */
import Redis from 'ioredis';
import { testRedisUrl } from './redis';

/** The guard, prepended to a script; `prefix` is the namespace prefix (`NS:`). */
export function declaredKeysGuard(prefix: string): string {
  return `
local __declared = {}
for _, k in ipairs(KEYS) do __declared[k] = true end
local __prefix = ${JSON.stringify(prefix)}
local function __check(cmd, ...)
  if string.lower(cmd) == 'publish' then return end
  for i = 1, select('#', ...) do
    local a = select(i, ...)
    if type(a) == 'string' and string.sub(a, 1, #__prefix) == __prefix and not __declared[a] then
      error({ err = 'UNDECLARED key ' .. a .. ' in ' .. cmd })
    end
  end
end
local __redis = redis
local redis = setmetatable({
  call = function(cmd, ...) __check(cmd, ...) return __redis.call(cmd, ...) end,
  pcall = function(cmd, ...) __check(cmd, ...) return __redis.pcall(cmd, ...) end,
}, { __index = __redis })
`;
}

/** A guarded connection and what its scripts did. */
export interface GuardedRedis {
  readonly redis: Redis;
  /** Names of the scripts that ran at least once. */
  readonly ran: Set<string>;
  /** Every UNDECLARED error a script raised. */
  readonly violations: string[];
}

/**
 * A connection on the test Redis whose defineCommand guards every script; pass it as the
 * `redis` option of enqueuers, pools and clients (they do not close a client they are given).
 */
export function guardedRedis(prefix: string): GuardedRedis {
  const redis = new Redis(testRedisUrl());
  const ran = new Set<string>();
  const violations: string[] = [];
  const define = redis.defineCommand.bind(redis);
  const target = redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  redis.defineCommand = (name, definition) => {
    // A `#!lua flags=...` line must stay first: the guard goes right after it.
    const shebang = /^\s*#!lua[^\n]*\n/.exec(definition.lua)?.[0] ?? '';
    const body = definition.lua.slice(shebang.length);
    define(name, { ...definition, lua: shebang + declaredKeysGuard(prefix) + body });
    for (const fn of [name, `${name}Buffer`]) {
      const original = target[fn];
      target[fn] = function (this: unknown, ...args: unknown[]) {
        ran.add(name);
        return original.apply(this, args).catch((err: Error) => {
          if (/UNDECLARED/.test(err.message)) violations.push(`${name}: ${err.message}`);
          throw err;
        });
      };
    }
  };
  return { redis, ran, violations };
}
