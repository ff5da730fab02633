/**
 * Turns every error of an admin route into `{"error": "<message>"}` with a 4xx status for
 * anything the caller can fix. gocraft answered 500 with unescaped text; we always send valid JSON.
 */
import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  LoggerService,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  isRedisUnavailable,
  NotFoundError,
  UnencodableJobError,
  UnknownJobError,
  WorkConfigError,
} from '../core';
import { WORK_RESOLVED_OPTIONS } from '../work.constants';
import type { ResolvedWorkOptions } from '../work.options';
import { redisUnavailableMessage } from './work-admin.settings';

/** A JSON error body: `error` always, plus whatever detail the route added. */
export interface WorkAdminErrorBody {
  error: string;
  [detail: string]: unknown;
}

/** Status and body for an error; exported for unit use and so the mapping is written once. */
export function errorResponse(exception: unknown): { status: number; body: WorkAdminErrorBody } {
  if (exception instanceof HttpException)
    return { status: exception.getStatus(), body: httpBody(exception) };
  const message = exception instanceof Error ? exception.message : '';
  if (exception instanceof NotFoundError)
    return { status: HttpStatus.NOT_FOUND, body: { error: message } };
  if (exception instanceof UnknownJobError || exception instanceof UnencodableJobError) {
    return { status: HttpStatus.CONFLICT, body: { error: message } };
  }
  if (exception instanceof WorkConfigError)
    return { status: HttpStatus.BAD_REQUEST, body: { error: message } };
  if (isRedisUnreachable(exception) || isRedisUnavailable(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      body: { error: redisUnavailableMessage(message) },
    };
  }
  // Redis down and the like: the message helps the operator and the API is behind `authorize`.
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { error: message || 'internal server error' },
  };
}

/** ioredis' errors for a connection that is down (not a command Redis refused). */
function isRedisUnreachable(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  return (
    exception.name === 'MaxRetriesPerRequestError' ||
    /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH/.test(
      exception.message,
    )
  );
}

function httpBody(exception: HttpException): WorkAdminErrorBody {
  const response = exception.getResponse();
  if (typeof response === 'string') return { error: response };
  const fields = response as Record<string, unknown>;
  // Nest's own exceptions (an app-wide guard, a 404 from a pipe) carry `message`; ours carry `error`.
  if (fields.message !== undefined) {
    const message = Array.isArray(fields.message)
      ? fields.message.join('; ')
      : String(fields.message);
    return { error: message };
  }
  if (typeof fields.error === 'string') return fields as WorkAdminErrorBody;
  return { error: exception.message };
}

/** Exception filter of {@link WorkAdminController}: every error becomes `{"error": …}` JSON. */
@Catch()
export class WorkAdminExceptionFilter implements ExceptionFilter {
  private readonly logger: LoggerService | null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WORK_RESOLVED_OPTIONS) options: ResolvedWorkOptions,
  ) {
    this.logger =
      options.logger === false
        ? null
        : (options.logger ?? new Logger(WorkAdminExceptionFilter.name));
  }

  /** Replies with the mapped status and JSON body; logs only server-side failures. */
  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = errorResponse(exception);
    if (status >= 500) {
      this.logger?.error(
        `admin request failed: ${body.error}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), body, status);
  }
}
