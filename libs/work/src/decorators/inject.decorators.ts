import { Inject } from '@nestjs/common';
import {
  getClientToken,
  getEnqueuerToken,
  getWorkerPoolToken,
  getWorkEventsToken,
  getWorkRedisToken,
} from '../work.tokens';

/**
 * Injects the Enqueuer of the WorkModule instance `name` (`@InjectEnqueuer('billing')`); without
 * a name, the default instance's (the same as injecting `Enqueuer` by class).
 * @publicApi
 */
export const InjectEnqueuer = (name?: string): ParameterDecorator & PropertyDecorator =>
  Inject(getEnqueuerToken(name));

/**
 * Injects the WorkerPool of the WorkModule instance `name`; without a name, the default one's.
 * @publicApi
 */
export const InjectWorkerPool = (name?: string): ParameterDecorator & PropertyDecorator =>
  Inject(getWorkerPoolToken(name));

/**
 * Injects the Client (admin reads and actions) of the WorkModule instance `name`; without a
 * name, the default one's.
 * @publicApi
 */
export const InjectClient = (name?: string): ParameterDecorator & PropertyDecorator =>
  Inject(getClientToken(name));

/**
 * Injects the WorkEvents of the WorkModule instance `name`; without a name, the default one's.
 * @publicApi
 */
export const InjectWorkEvents = (name?: string): ParameterDecorator & PropertyDecorator =>
  Inject(getWorkEventsToken(name));

/**
 * Injects the `{ client, owned }` Redis connection of the WorkModule instance `name`; without a
 * name, the default one's (`WORK_REDIS`).
 * @publicApi
 */
export const InjectWorkRedis = (name?: string): ParameterDecorator & PropertyDecorator =>
  Inject(getWorkRedisToken(name));
