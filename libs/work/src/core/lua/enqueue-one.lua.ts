/**
 * One awaited enqueue in one command (spec §5.1's SADD + LPUSH, plus our wake-up announcement):
 * two or three separate commands meant two or three replies, and on a busy machine each reply the
 * caller waits for is one more wake-up of both processes.
 *
 * KEYS[1]: the queue
 * KEYS[2]: known_jobs
 * ARGV[1]: job JSON
 * ARGV[2]: the job name to add to known_jobs, or '' when the enqueuer added it recently
 * ARGV[3]: the wake-up channel, or '' when announcements are off
 * ARGV[4]: the job name to announce
 * Returns: the queue's length after the push.
 *
 * known_jobs goes first so that a refused write (wrong type, out of memory) leaves no job queued.
 * Only a push into an empty queue is announced: a job already waiting means a pool is about to
 * fetch (its announcement went out, and a fetch takes what is queued up to its idle slots) or
 * every pool is busy (each fetches again when a slot frees). So a pool that keeps up is woken for
 * each job, and one that falls behind is not interrupted at all, which is when wake-ups cost most.
 * The announcement is best effort (pcall): the job is queued by then and pools poll anyway.
 */
export const ENQUEUE_ONE_LUA = `
if ARGV[2] ~= '' then redis.call('SADD', KEYS[2], ARGV[2]) end
local length = redis.call('LPUSH', KEYS[1], ARGV[1])
if ARGV[3] ~= '' and length == 1 then redis.pcall('PUBLISH', ARGV[3], ARGV[4]) end
return length
`;
