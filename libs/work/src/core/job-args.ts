/**
 * gocraft's argument accessors (spec §11): each returns the zero value and records an error when
 * the key is missing or holds the wrong type; the error is sticky until read with argError().
 */

import { goTypedText } from './go-format';
import { WorkError } from './errors';

/** Go's bound for integral floats accepted as int64 (100 less than 2^53, as gocraft writes it). */
const MAX_SAFE_INT64_FLOAT = 9007199254740892;

type ArgKind = 'string' | 'int64' | 'float64' | 'bool';

/** The accessor state kept on a job: its args and the sticky error. */
export class JobArgs {
  private lastError: Error | null = null;

  constructor(private readonly source: () => Record<string, unknown> | null) {}

  /** The most recent accessor error, or null. It stays until another accessor fails. */
  error(): Error | null {
    return this.lastError;
  }

  private lookup(key: string, kind: ArgKind): { found: boolean; value: unknown } {
    const args = this.source();
    if (!args || !Object.prototype.hasOwnProperty.call(args, key)) {
      this.lastError = new WorkError(
        `looking for a ${kind} in job.Arg[${key}] but key wasn't found`,
      );
      return { found: false, value: undefined };
    }
    return { found: true, value: args[key] };
  }

  private wrongType(kind: ArgKind, key: string, value: unknown): void {
    this.lastError = new WorkError(
      `looking for a ${kind} in job.Arg[${key}] but value wasn't right type: ${goTypedText(value)}`,
    );
  }

  string(key: string): string {
    const { found, value } = this.lookup(key, 'string');
    if (!found) return '';
    if (typeof value === 'string') return value;
    this.wrongType('string', key, value);
    return '';
  }

  bool(key: string): boolean {
    const { found, value } = this.lookup(key, 'bool');
    if (!found) return false;
    if (typeof value === 'boolean') return value;
    this.wrongType('bool', key, value);
    return false;
  }

  int64(key: string): number {
    const { found, value } = this.lookup(key, 'int64');
    if (!found) return 0;
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      Math.abs(value) <= MAX_SAFE_INT64_FLOAT
    ) {
      return value;
    }
    if (typeof value === 'bigint' && value >= -(2n ** 63n) && value < 2n ** 63n) {
      if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER))
        return Number(value);
    }
    this.wrongType('int64', key, value);
    return 0;
  }

  float64(key: string): number {
    const { found, value } = this.lookup(key, 'float64');
    if (!found) return 0;
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    this.wrongType('float64', key, value);
    return 0;
  }
}
