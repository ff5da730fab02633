/**
 * The standalone dashboard's check of Redis at start: it says plainly when Redis cannot be
 * reached (instead of printing its URL as if all were well), keeps trying, and says when Redis
 * answers again. The dashboard serves meanwhile: its API answers 503 and the page shows a banner.
 */
import type { RedisAddressSource } from '../core/redis-address';
import { connectOnce } from '../core/redis-connect-once';

/** How often an unreachable Redis is tried again. */
export const REDIS_RETRY_MS = 2000;

/** Lines the watcher prints. */
export function redisUnreachableLine(url: string, reason: string): string {
  return `cannot reach Redis at ${url} (${reason}); retrying every ${REDIS_RETRY_MS / 1000} s. The dashboard is up and shows the outage.`;
}
export function redisReachableLine(url: string): string {
  return `Redis at ${url} answers`;
}

/**
 * Pings Redis now and, while it cannot be reached, every {@link REDIS_RETRY_MS}; resolves to a
 * stop function. `source` is any address form (URL, cluster nodes, Sentinel, TLS options);
 * `shown` is the address with any password masked.
 */
export async function watchRedisAtStart(
  source: RedisAddressSource,
  shown: string,
  print: (line: string) => void,
): Promise<() => void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let reported = false;
  const probe = async (): Promise<void> => {
    try {
      (await connectOnce(source, REDIS_RETRY_MS)).disconnect();
      if (reported) print(redisReachableLine(shown));
      return;
    } catch (err) {
      if (!reported) print(redisUnreachableLine(shown, (err as Error).message));
      reported = true;
    }
    if (!stopped) timer = setTimeout(() => void probe(), REDIS_RETRY_MS);
  };
  await probe();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
