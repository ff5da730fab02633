/**
 * Jest global setup: one private redis-server per Jest worker, unless REDIS_URL names a server to use.
 * The URLs travel to the workers through WORK_TEST_REDIS_URLS.
 */
// Jest's global setup runs outside its moduleNameMapper: map the package name to the sources
// here too, so `npm test` needs no build of the library first.
import 'tsconfig-paths/register';
import type { Config } from '@jest/types';
import {
  hasRedisServer,
  redisServerMissingMessage,
  startPrivateRedis,
  PrivateRedis,
} from 'nestjs-gocraft-work/testing';

declare global {
  var __WORK_TEST_REDIS__: PrivateRedis[] | undefined;
}

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  if (process.env.REDIS_URL) return;
  if (!hasRedisServer()) throw new Error(redisServerMissingMessage());
  const count = Math.max(1, globalConfig.maxWorkers || 1);
  const servers = await Promise.all(Array.from({ length: count }, () => startPrivateRedis()));
  globalThis.__WORK_TEST_REDIS__ = servers;
  process.env.WORK_TEST_REDIS_URLS = JSON.stringify(servers.map((s) => s.url));
}
