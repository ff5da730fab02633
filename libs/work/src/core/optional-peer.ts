/**
 * Loads an optional peer dependency (prom-client, @opentelemetry/api) only when a feature that
 * needs it is switched on, so the engine itself runs without them installed.
 */
import { WorkConfigError } from './errors';

/** The message when a feature's peer dependency is missing. */
export function missingPeerMessage(pkg: string, feature: string): string {
  return `${feature} needs the optional dependency "${pkg}": npm install ${pkg}`;
}

function load<T>(pkg: string): T {
  // A static import would make the peer mandatory for every user of the engine.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(pkg) as T;
}

/** Requires `pkg`, or throws a WorkConfigError saying which feature needs it. */
export function requirePeer<T>(pkg: string, feature: string): T {
  try {
    return load<T>(pkg);
  } catch (err) {
    if ((err as { code?: string }).code === 'MODULE_NOT_FOUND')
      throw new WorkConfigError(missingPeerMessage(pkg, feature));
    throw err;
  }
}

/** Requires `pkg`, or returns null when it is not installed. */
export function optionalPeer<T>(pkg: string): T | null {
  try {
    return load<T>(pkg);
  } catch {
    return null;
  }
}
