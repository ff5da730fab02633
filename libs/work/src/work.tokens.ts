/**
 * Injection tokens of WorkModule instances. The default instance provides its services under
 * their classes (inject `Enqueuer` as usual); a named instance (`WorkModule.forRoot({ name })`)
 * provides them under tokens of its name, which the `Inject*` decorators and these helpers build.
 */
import { WorkConfigError, Client, Enqueuer, invalidEngineOptionMessage, WorkerPool } from './core';
import {
  WORK_CLIENT,
  WORK_CONNECTION,
  WORK_ENQUEUER,
  WORK_EVENTS,
  WORK_POOL,
  WORK_REDIS,
} from './work.constants';
import { WorkEvents } from './work-events';

/** The name of the instance `forRoot` creates without a `name`. */
export const DEFAULT_WORK_INSTANCE = 'default';

/** Token of an instance's name, inside that instance's module. */
export const WORK_INSTANCE_NAME = 'WORK_INSTANCE_NAME';

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

/** What an instance exports: each public token with the private provider it stands for. */
export function instanceExports(name: string): Array<{ token: WorkToken; local: string }> {
  return [
    { token: getEnqueuerToken(name), local: WORK_ENQUEUER },
    { token: getWorkerPoolToken(name), local: WORK_POOL },
    { token: getClientToken(name), local: WORK_CLIENT },
    { token: getWorkEventsToken(name), local: WORK_EVENTS },
    { token: getWorkRedisToken(name), local: WORK_CONNECTION },
  ];
}
