/**
 * The dashboard app (gocraft's workwebui successor). It is built on the admin API and UI that
 * the library will serve; until then it starts and explains what it will show.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller()
class PlaceholderController {
  @Get()
  index() {
    return { status: 'dashboard not built yet: see the project issues' };
  }
}

@Module({ controllers: [PlaceholderController] })
class DashboardModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(DashboardModule);
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 5040), '127.0.0.1');
}

void bootstrap();
