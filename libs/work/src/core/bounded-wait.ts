/**
 * A wait with a deadline, for shutdown paths that must not hang on a Redis that stopped answering.
 */

/** Waits for `promise`, or at most `ms` when given; resolves to what it resolved to, or undefined. */
export function boundedWait<T>(promise: Promise<T>, ms?: number): Promise<T | undefined> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
