/**
 * Which args Redis' cjson would change (spec §1.4). Scheduled and retried jobs reach their queue
 * through a Lua script (ours and Go's alike) that decodes and re-encodes the job with cjson, which
 * turns an empty array into `{}` and writes numbers with 14 significant digits. A handler then sees
 * different args than the enqueuer wrote; the enqueuer's strict mode uses this to say so early.
 */
import { WorkError } from './errors';
import type { Args } from './job';

/** How the enqueuer treats args cjson would rewrite: ignore them, log a warning, or refuse them. */
export type StrictArgsMode = 'off' | 'warn' | 'refuse';

/** Thrown by an enqueuer in `strictArgs: 'refuse'` mode for args cjson would rewrite. */
export class CjsonRewriteError extends WorkError {
  override readonly name = 'CjsonRewriteError';
}

/** One value cjson would change, with where it is and what it would become. */
export interface CjsonRewrite {
  /** Path inside args, e.g. `args.tags` or `args.items[2].id`. */
  path: string;
  /** What the value would become, e.g. `[] becomes {}`. */
  change: string;
}

/** Significant digits cjson writes numbers with (`%.14g`). */
const CJSON_DIGITS = 14;
/** Enough to name the problem; a pathological payload does not get a megabyte of report. */
const MAX_REPORTED = 10;

/** The values of `args` that a cjson round trip would change; empty when it keeps them all. */
export function cjsonRewrites(args: Args | null): CjsonRewrite[] {
  const found: CjsonRewrite[] = [];
  if (args !== null) walk(args, 'args', found, new Set());
  return found;
}

function walk(value: unknown, path: string, found: CjsonRewrite[], seen: Set<object>): void {
  if (found.length >= MAX_REPORTED) return;
  if (typeof value === 'number' && !Number.isFinite(value)) return; // refused by the encoder
  if (typeof value === 'number' || typeof value === 'bigint') {
    const back = cjsonRoundTrip(Number(value));
    const kept =
      typeof value === 'number' ? back === value : Number.isInteger(back) && BigInt(back) === value;
    if (!kept) found.push({ path, change: `${value} becomes ${back}` });
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  const obj = value as { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') return walk(obj.toJSON(), path, found, seen);
  seen.add(value);
  if (Array.isArray(value)) {
    if (value.length === 0) found.push({ path, change: '[] becomes {}' });
    value.forEach((item, i) => walk(item, `${path}[${i}]`, found, seen));
  } else {
    for (const [key, item] of Object.entries(value))
      walk(
        item,
        /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`,
        found,
        seen,
      );
  }
  seen.delete(value);
}

/** The number cjson reads back after writing `n` with 14 significant digits. */
function cjsonRoundTrip(n: number): number {
  return Number.isFinite(n) ? Number(n.toPrecision(CJSON_DIGITS)) : n;
}

/** The message of a strict-mode warning or refusal. */
export function cjsonRewriteMessage(jobName: string, rewrites: CjsonRewrite[]): string {
  const list = rewrites.map((r) => `${r.path}: ${r.change}`).join('; ');
  return (
    `args of job "${jobName}" would change if the job is scheduled or retried, because Redis' ` +
    `cjson re-encodes it (${list}). Send such numbers as strings and use null or a non-empty ` +
    `array, or set strictArgs to 'off' to accept the change.`
  );
}
