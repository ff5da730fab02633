/**
 * Injection tokens of WorkModule instances. The default instance provides its services under
 * their classes (inject `Enqueuer` as usual); a named instance (`WorkModule.forRoot({ name })`)
 * provides them under tokens of its name, which the `Inject*` decorators and these helpers build.
 */
import { Client, Enqueuer, WorkConfigError, WorkerPool, WorkMetrics } from './core';
import { invalidEngineOptionMessage } from './core/engine-options';
import { WorkHealthIndicator } from './health/work-health.indicator';
import {
  DEFAULT_WORK_INSTANCE,
  WORK_CLIENT,
  WORK_CONNECTION,
  WORK_ENQUEUER,
  WORK_EVENTS,
  WORK_HEALTH,
  WORK_POOL,
  WORK_REDIS,
} from './work.constants';
import { WorkEvents } from './work-events';

/** An injection token: a class for the default instance, a string for a named one. */
export type WorkToken = string | (abstract new (...args: never[]) => unknown);

/** The instance name `name` stands for; throws when it is not a non-empty string. */
export function workInstanceName(name: unknown): string {
  if (name === undefined) return DEFAULT_WORK_INSTANCE;
  if (typeof name !== 'string' || name.trim() === '')
    throw new WorkConfigError(
      invalidEngineOptionMessage('WorkModule', 'name', 'a non-empty string', name),
    );
  return name;
}

function tokenOf(name: string | undefined, service: string, defaultToken: WorkToken): WorkToken {
  const instance = workInstanceName(name);
  return instance === DEFAULT_WORK_INSTANCE ? defaultToken : `work:${instance}:${service}`;
}

/** Token of the Enqueuer of instance `name` (the class for the default instance). */
export function getEnqueuerToken(name?: string): WorkToken {
  return tokenOf(name, 'Enqueuer', Enqueuer);
}

/** Token of the WorkerPool of instance `name` (the class for the default instance). */
export function getWorkerPoolToken(name?: string): WorkToken {
  return tokenOf(name, 'WorkerPool', WorkerPool);
}

/** Token of the Client of instance `name` (the class for the default instance). */
export function getClientToken(name?: string): WorkToken {
  return tokenOf(name, 'Client', Client);
}

/** Token of the WorkEvents of instance `name` (the class for the default instance). */
export function getWorkEventsToken(name?: string): WorkToken {
  return tokenOf(name, 'WorkEvents', WorkEvents);
}

/** Token of the `{ client, owned }` Redis connection of instance `name` (`WORK_REDIS` by default). */
export function getWorkRedisToken(name?: string): WorkToken {
  return tokenOf(name, 'Redis', WORK_REDIS);
}

/** Token of the WorkHealthIndicator of instance `name` (the class for the default instance). */
export function getWorkHealthIndicatorToken(name?: string): WorkToken {
  return tokenOf(name, 'WorkHealthIndicator', WorkHealthIndicator);
}

/**
 * Token of the WorkMetrics of instance `name`, provided when that instance sets the `metrics`
 * extra (the class for the default instance).
 */
export function getWorkMetricsToken(name?: string): WorkToken {
  return tokenOf(name, 'WorkMetrics', WorkMetrics);
}

/** What an instance exports: each public token with the private provider it stands for. */
export function instanceExports(name: string): Array<{ token: WorkToken; local: string }> {
  return [
    { token: getEnqueuerToken(name), local: WORK_ENQUEUER },
    { token: getWorkerPoolToken(name), local: WORK_POOL },
    { token: getClientToken(name), local: WORK_CLIENT },
    { token: getWorkEventsToken(name), local: WORK_EVENTS },
    { token: getWorkRedisToken(name), local: WORK_CONNECTION },
    { token: getWorkHealthIndicatorToken(name), local: WORK_HEALTH },
  ];
}
