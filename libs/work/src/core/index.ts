/** The framework-free engine: usable from plain Node (scripts, CLIs, tests). */
export * from './backoff';
export * from './clock';
export * from './enqueuer';
export * from './errors';
export { goJson, goQuote, goNumber, GoJsonError } from './go-json';
export * from './identifier';
export * from './job';
export * from './job-options';
export * from './keys';
export * from './logger';
export * from './priority-sampler';
export type { RedisSource } from './redis-connection';
export * from './run';
export { JobTimeoutError } from './worker';
export * from './worker-pool';
