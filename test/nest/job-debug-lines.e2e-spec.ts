/**
 * Per-job debug lines ("started", "succeeded in … ms") are built only when the app's logger
 * prints debug: with the app's log levels leaving debug out (a usual production setting), the
 * module's Logger is not even called for them, so no job pays for lines nobody sees.
 */
import { ConsoleLogger, Injectable, Logger, LogLevel } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Enqueuer, Job, WorkModule } from 'nestjs-gocraft-work';
import { deleteNamespace, testNamespace, testRedis, testRedisUrl, waitFor } from '../harness/redis';

const ran: string[] = [];

@Injectable()
class Handlers {
  @Job('quiet')
  quiet(job: { id: string }): void {
    ran.push(job.id);
  }
}

describe('per-job debug lines and the app log levels', () => {
  const redis = testRedis();
  const namespaces: string[] = [];

  afterAll(async () => {
    for (const ns of namespaces) await deleteNamespace(redis, ns);
    await redis.quit();
  });

  /** Runs one job in an app with `levels`; returns the debug lines the module logged for it. */
  async function debugLinesOfOneJob(levels: LogLevel[]): Promise<string[]> {
    const namespace = testNamespace('dbglines');
    namespaces.push(namespace);
    // Before the module is built: its loggers bind Logger's methods then.
    const debug = jest.spyOn(Logger.prototype, 'debug');
    // Keep the test's output clean: whatever the levels let through is not printed.
    const print = jest
      .spyOn(ConsoleLogger.prototype as unknown as { printMessages(): void }, 'printMessages')
      .mockImplementation(() => undefined);
    const moduleRef = await Test.createTestingModule({
      imports: [WorkModule.forRoot({ namespace, redis: testRedisUrl(), pollIntervalMs: 20 })],
      providers: [Handlers],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: levels });
    try {
      await app.init();
      const job = await app.get(Enqueuer).enqueue('quiet', null);
      await waitFor(() => ran.includes(job.id), 'the job to run');
      return debug.mock.calls.map(([line]) => String(line)).filter((line) => line.includes(job.id));
    } finally {
      await app.close();
      debug.mockRestore();
      print.mockRestore();
    }
  }

  it('builds none when the levels leave debug out', async () => {
    expect(await debugLinesOfOneJob(['error', 'warn', 'log'])).toEqual([]);
  });

  it('logs start and success when the levels include debug', async () => {
    const lines = await debugLinesOfOneJob(['error', 'warn', 'log', 'debug']);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^job "quiet" \S+ attempt 1 started$/);
    expect(lines[1]).toMatch(/^job "quiet" \S+ attempt 1 succeeded in \d+ ms$/);
  });
});
