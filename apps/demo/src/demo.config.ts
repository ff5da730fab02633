/** The demo's settings, read from the environment (through @nestjs/config) with sane defaults. */
import { registerAs } from '@nestjs/config';

/** The demo's settings. */
export interface DemoConfig {
  /** Redis holding the jobs. */
  redisUrl: string;
  /** gocraft namespace shared with any Go services. */
  namespace: string;
  /** HTTP port. */
  port: number;
  /** Interface to listen on: loopback unless HOST widens it (e.g. 0.0.0.0). */
  host: string;
  /** Jobs run at once. */
  concurrency: number;
}

/** Reads REDIS_URL, WORK_NAMESPACE, PORT, HOST and WORK_CONCURRENCY; fails with a clear message. */
export function demoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const port = Number(env.PORT ?? 3000);
  const concurrency = Number(env.WORK_CONCURRENCY ?? 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a TCP port number, got "${env.PORT}"`);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`WORK_CONCURRENCY must be a positive integer, got "${env.WORK_CONCURRENCY}"`);
  }
  return {
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    namespace: env.WORK_NAMESPACE ?? 'demo',
    port,
    host: env.HOST ?? '127.0.0.1',
    concurrency,
  };
}

/** The `demo` config namespace for ConfigModule. */
export const demoConfig = registerAs('demo', () => demoConfigFromEnv(process.env));
