/**
 * The terminus health indicator against a real redis-server that the test stops and starts again:
 * down within 2 s of Redis stopping, up again once it is back and the pool has beaten.
 */
import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { WorkHealthIndicator, WorkModule } from 'nestjs-gocraft-work';
import { PrivateRedis, startPrivateRedis } from 'nestjs-gocraft-work/testing';
import { testNamespace, waitFor } from '../harness/redis';

jest.setTimeout(60_000);

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly work: WorkHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.work.isHealthy('work')]);
  }
}

describe('WorkHealthIndicator with terminus (e2e)', () => {
  let server: PrivateRedis;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    server = await startPrivateRedis();
    @Module({
      imports: [
        TerminusModule.forRoot({ logger: false }),
        WorkModule.forRoot({
          redis: server.url,
          namespace: testNamespace('health'),
          logger: false,
          heartbeatIntervalMs: 1000,
        }),
      ],
      controllers: [HealthController],
    })
    class HealthAppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [HealthAppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await server?.stop();
  });

  const health = async () => {
    const res = await fetch(`${base}/health`);
    return { status: res.status, body: (await res.json()) as any };
  };

  it('is up with Redis and a beating pool, down within 2 s of Redis stopping, up after it returns', async () => {
    await waitFor(async () => (await health()).status === 200, 'the first healthy answer');
    const up = await health();
    expect(up.body.status).toBe('ok');
    expect(up.body.info.work).toMatchObject({ status: 'up', redis: 'up' });
    expect(up.body.info.work.pool.running).toBe(true);

    const port = server.port;
    await server.stop();
    await waitFor(async () => (await health()).status === 503, 'a down answer', 2000);
    const down = await health();
    expect(down.body.error.work).toMatchObject({ status: 'down', redis: 'down' });

    server = await startPrivateRedis({ port });
    await waitFor(async () => (await health()).status === 200, 'healthy again', 20_000);
    expect((await health()).body.info.work).toMatchObject({ status: 'up', redis: 'up' });
  });
});
