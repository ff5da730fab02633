/**
 * Finds the Redis the demo should use: REDIS_URL (which must answer), else 127.0.0.1:6379 if it
 * answers, else a private redis-server started for the demo's lifetime.
 */
import Redis from 'ioredis';
import { startPrivateRedis } from 'nestjs-gocraft-work/testing';

/** The Redis in use and how to let it go. */
export interface DemoRedis {
  url: string;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function resolveDemoRedis(env: NodeJS.ProcessEnv): Promise<DemoRedis> {
  if (env.REDIS_URL) {
    if (!(await answers(env.REDIS_URL))) {
      throw new Error(
        `REDIS_URL=${env.REDIS_URL} does not answer. Start that Redis, or unset REDIS_URL to let the demo start its own.`,
      );
    }
    return { url: env.REDIS_URL, stop: async () => undefined };
  }
  const local = 'redis://127.0.0.1:6379';
  if (await answers(local)) return { url: local, stop: async () => undefined };
  const server = await startPrivateRedis();
  console.log(`no Redis on 127.0.0.1:6379; started a private redis-server at ${server.url}`);
  const stop = () => server.stop();
  process.once('exit', () => process.kill(server.pid, 'SIGTERM'));
  return { url: server.url, stop };
}
