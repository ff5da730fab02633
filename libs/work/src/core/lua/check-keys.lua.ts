/**
 * Lua helpers prepended to the scripts that write, so each checks everything that can fail
 * before its first write and a failure leaves nothing half done. Redis runs a script's commands
 * one by one without rollback: a WRONGTYPE or "not an integer" error after an RPOP would strand
 * the popped jobs. Such keys appear only when something else wrote under our names (a name that
 * aliases another's keys, written by an older version or another program).
 *
 * - `expectType(key, want)`: errors unless the key is absent or of type `want`.
 * - `expectInteger(value, what)`: errors unless the value (a GET or HGET reply) is absent or an
 *   integer, as INCRBY and HINCRBY require.
 * - `isType(key, want)`: whether the key is absent or of type `want`, for scripts that skip
 *   an unusable member instead of failing.
 * - `expectIntegerString(key, value)`: for a string key whose value an MGET already read (MGET
 *   gives nil for a key of another type): errors unless it is absent or holds an integer. Only a
 *   nil value costs a TYPE.
 * - `expectIntegerField(key, field)`: errors unless the hash key is absent or a hash whose field
 *   is absent or an integer, in one HGET (which fails on another type).
 * - `expectIntegerValue(key)`: the same for a string key, in one GET.
 */
export const CHECK_KEYS_LUA = `
local function isType(key, want)
  local t = redis.call('TYPE', key)['ok']
  return t == 'none' or t == want
end
local function expectType(key, want)
  if not isType(key, want) then
    error({ err = 'WRONGTYPE ' .. key .. ' is not a ' .. want .. ' (nothing was written)' })
  end
end
local function expectInteger(value, what)
  if value and not string.match(value, '^%-?%d+$') then
    error({ err = 'ERR ' .. what .. ' holds ' .. value .. ', not an integer (nothing was written)' })
  end
end
local function expectIntegerString(key, value)
  if value then expectInteger(value, key) else expectType(key, 'string') end
end
local function readOrFail(key, want, ...)
  local value = redis.pcall(...)
  if type(value) == 'table' and value.err then
    error({ err = 'WRONGTYPE ' .. key .. ' is not a ' .. want .. ' (nothing was written)' })
  end
  return value
end
local function expectIntegerField(key, field)
  expectInteger(readOrFail(key, 'hash', 'HGET', key, field), key .. ' field ' .. field)
end
local function expectIntegerValue(key)
  expectInteger(readOrFail(key, 'string', 'GET', key), key)
end
`;
