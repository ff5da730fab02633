/** Guards the admin API: the `authorize` option decides. */
import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { WORK_RESOLVED_OPTIONS } from '../work.constants';
import type { ResolvedWorkOptions } from '../work.options';

@Injectable()
export class WorkAdminGuard implements CanActivate {
  constructor(@Inject(WORK_RESOLVED_OPTIONS) private readonly options: ResolvedWorkOptions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest();
    if (this.options.authorize && !(await this.options.authorize(request))) {
      throw new ForbiddenException({ error: 'not authorized' });
    }
    return true;
  }
}
