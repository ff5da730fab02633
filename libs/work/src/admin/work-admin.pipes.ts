/**
 * Parsers of the admin API's path and query parameters. A value that does not parse is a 400
 * naming the parameter, so bad input never reaches the Client (gocraft answered 500).
 */
import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { MAX_PAGE_SIZE } from '../core';
import { invalidParamMessage } from './work-admin.messages';

// Digits only: Number() alone would also accept '', ' 1', '1e3', '0x10' and '1.0'.
const UNSIGNED = /^\d+$/;
const SIGNED = /^-?\d+$/;

function reject(metadata: ArgumentMetadata, expected: string, value: unknown): never {
  throw new BadRequestException({
    error: invalidParamMessage(metadata.data ?? metadata.type, expected, value),
  });
}

function integerOf(value: unknown, pattern: RegExp): number {
  return typeof value === 'string' && pattern.test(value) ? Number(value) : NaN;
}

/** `?page=`: a positive integer, 1 when absent (gocraft's default). */
@Injectable()
export class PagePipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    if (value === undefined) return 1;
    const page = integerOf(value, UNSIGNED);
    if (!Number.isSafeInteger(page) || page < 1)
      reject(metadata, 'a positive integer (1 is the first page)', value);
    return page;
  }
}

/** `?page_size=`: 1 to the Client's cap; absent leaves the Client's default (20). */
@Injectable()
export class PageSizePipe implements PipeTransform<unknown, number | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): number | undefined {
    if (value === undefined) return undefined;
    const size = integerOf(value, UNSIGNED);
    if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      reject(metadata, `an integer from 1 to ${MAX_PAGE_SIZE}`, value);
    }
    return size;
  }
}

/** A zset score in a path (`:died_at`, `:retry_at`, `:run_at`): an integer epoch in seconds. */
@Injectable()
export class ScorePipe implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    const score = integerOf(value, SIGNED);
    if (!Number.isSafeInteger(score)) reject(metadata, 'an integer epoch in seconds', value);
    return score;
  }
}

/** A job id or job name: any non-empty string. */
@Injectable()
export class NonEmptyPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || value === '') reject(metadata, 'a non-empty string', value);
    return value;
  }
}

/** An optional integer query parameter within `[min, max]`; absent leaves the default. */
export class CountPipe implements PipeTransform<unknown, number | undefined> {
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): number | undefined {
    if (value === undefined || value === '') return undefined;
    const n = integerOf(value, UNSIGNED);
    if (!Number.isSafeInteger(n) || n < this.min || n > this.max)
      reject(metadata, `an integer from ${this.min} to ${this.max}`, value);
    return n;
  }
}

/** `?order=`: `asc` or `desc`; absent leaves the route's default. */
@Injectable()
export class OrderPipe implements PipeTransform<unknown, 'asc' | 'desc' | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): 'asc' | 'desc' | undefined {
    if (value === undefined || value === '') return undefined;
    if (value !== 'asc' && value !== 'desc') reject(metadata, '"asc" or "desc"', value);
    return value;
  }
}
