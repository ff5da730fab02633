/** The admin JSON API (gocraft workwebui's routes). */
import { Controller, Get, UseGuards } from '@nestjs/common';
import { Client } from '../core';
import { WorkAdminGuard } from './work-admin.guard';

@Controller()
@UseGuards(WorkAdminGuard)
export class WorkAdminController {
  constructor(private readonly client: Client) {}

  @Get('queues')
  queues() {
    return this.client.queues();
  }
}
