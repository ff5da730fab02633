/**
 * Guards the admin API: refuses mutating requests a browser sent from another site, then lets
 * the `authorize` option decide. Both refusals are 403 `{"error": …}`.
 */
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
  LoggerService,
  Optional,
} from '@nestjs/common';
import { WORK_RESOLVED_OPTIONS } from '../work.constants';
import type { ResolvedWorkOptions } from '../work.options';
import {
  AUTHORIZE_FAILED,
  CROSS_SITE_REFUSED,
  hostRefusedMessage,
  NOT_AUTHORIZED,
} from './work-admin.messages';
import { READ_ONLY_REFUSED, WORK_ADMIN_SETTINGS, WorkAdminSettings } from './work-admin.settings';

/** The parts of an Express or Fastify request the guard reads. */
interface AdminRequest {
  method?: string;
  host?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

function header(request: AdminRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The host the client addressed. Express 5 and Fastify expose it as `request.host` (with the
 * port, and from X-Forwarded-Host when the app trusts its proxy); else the Host header.
 */
function requestHost(request: AdminRequest): string | undefined {
  return typeof request.host === 'string' && request.host !== ''
    ? request.host
    : header(request, 'host');
}

/** Whether `origin` names the same host and port as `host` (default ports compare equal). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    // `Origin: null` (sandboxed frames, privacy redirects) does not parse and counts as foreign.
    const from = new URL(origin);
    return new URL(`${from.protocol}//${host}`).host === from.host;
  } catch {
    return false;
  }
}

/** The host name of a Host header value, lower case, without port or IPv6 brackets. */
export function hostName(host: string): string {
  const name = host.trim().toLowerCase();
  if (name.startsWith('[')) return name.slice(1, name.indexOf(']'));
  const colon = name.indexOf(':');
  return colon >= 0 && name.indexOf(':', colon + 1) < 0 ? name.slice(0, colon) : name;
}

/**
 * Whether the request addressed one of `allowed` (host names, compared without port). A DNS
 * rebinding page reaches a loopback server under the attacker's name, with an Origin matching
 * that name, so the cross-site rule alone lets it through; its Host gives it away.
 */
export function isAllowedHost(request: AdminRequest, allowed: readonly string[]): boolean {
  const host = requestHost(request);
  return host !== undefined && allowed.includes(hostName(host));
}

/**
 * Whether a browser sent this request from another site. Cookies ride along on cross-site form
 * posts, so a logged-in operator's browser could otherwise be made to delete or retry jobs.
 * Non-browser clients (curl, scripts) send neither header and pass.
 */
export function isCrossSite(request: AdminRequest): boolean {
  if (header(request, 'sec-fetch-site') === 'cross-site') return true;
  const origin = header(request, 'origin');
  return origin !== undefined && !sameHost(origin, requestHost(request));
}

/**
 * Guard of {@link WorkAdminController}: the cross-site rule for mutations, then `authorize`.
 * @publicApi
 */
@Injectable()
export class WorkAdminGuard implements CanActivate {
  private readonly logger: LoggerService | null;

  constructor(
    @Inject(WORK_RESOLVED_OPTIONS) private readonly options: ResolvedWorkOptions,
    @Optional()
    @Inject(WORK_ADMIN_SETTINGS)
    private readonly settings: WorkAdminSettings = { readOnly: false },
  ) {
    this.logger = options.logger === false ? null : (options.logger ?? new Logger('WorkAdmin'));
  }

  /**
   * Throws 403 for a Host not in `allowedHosts`, a cross-site mutation, any mutation when the
   * mount is read-only, or when `authorize` returns false (may be async); 500 without its message
   * when `authorize` throws.
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const allowed = this.options.allowedHosts;
    if (allowed && !isAllowedHost(request, allowed)) {
      throw new ForbiddenException({ error: hostRefusedMessage(requestHost(request)) });
    }
    const mutating = !SAFE_METHODS.has((request.method ?? 'GET').toUpperCase());
    // Checked before `authorize` so a forged request never reaches user code.
    if (mutating && isCrossSite(request)) {
      throw new ForbiddenException({ error: CROSS_SITE_REFUSED });
    }
    if (mutating && this.settings.readOnly) {
      throw new ForbiddenException({ error: READ_ONLY_REFUSED });
    }
    if (this.options.authorize && !(await this.authorized(request))) {
      throw new ForbiddenException({ error: NOT_AUTHORIZED });
    }
    return true;
  }

  /** Runs `authorize`; any other error it throws (maybe a connection string) is logged, never sent. */
  private async authorized(request: AdminRequest): Promise<boolean> {
    try {
      return await this.options.authorize!(request);
    } catch (err) {
      // A deliberate HTTP answer (401, 403 with a reason) is the hook's to give.
      if (err instanceof HttpException) throw err;
      this.logger?.error(
        `the authorize hook threw: ${err instanceof Error ? err.message : String(err)}`,
        err instanceof Error ? err.stack : undefined,
      );
      throw new InternalServerErrorException({ error: AUTHORIZE_FAILED });
    }
  }
}
