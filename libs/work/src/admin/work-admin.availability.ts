/**
 * Keeps the admin API answering when Redis is down or stuck: a request answers 503 at once while
 * the connection is reconnecting or closed (ioredis would otherwise queue the command and retry
 * for ~10 s), and a read that gets no reply within {@link ADMIN_READ_DEADLINE_MS} answers 503
 * too. Mutations are not cut off by the deadline: a bulk action on a large set legitimately
 * takes longer, and abandoning it would hide what it did.
 */
import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Observable, throwError, timeout } from 'rxjs';
import { WORK_CONNECTION } from '../work.constants';
import { ADMIN_READ_DEADLINE_MS, redisUnavailableMessage } from './work-admin.settings';

const DOWN = new Set(['reconnecting', 'close', 'end']);

/** What the interceptor reads of the module instance's connection: its ioredis status. */
interface ConnectionStatus {
  client: { status: string };
}

/**
 * Interceptor of the admin controllers: 503 `{"error": "Redis unavailable: …"}` within a bound.
 * @publicApi
 */
@Injectable()
export class WorkAdminAvailabilityInterceptor implements NestInterceptor {
  constructor(@Inject(WORK_CONNECTION) private readonly redis: ConnectionStatus) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const status = this.redis.client.status;
    if (DOWN.has(status)) {
      return throwError(
        () =>
          new ServiceUnavailableException({
            error: redisUnavailableMessage(`the connection is ${status}`),
          }),
      );
    }
    const method = context.switchToHttp().getRequest<{ method?: string }>().method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return next.handle();
    return next.handle().pipe(
      timeout({
        first: ADMIN_READ_DEADLINE_MS,
        with: () =>
          throwError(
            () =>
              new ServiceUnavailableException({
                error: redisUnavailableMessage(`no reply within ${ADMIN_READ_DEADLINE_MS} ms`),
              }),
          ),
      }),
    );
  }
}
