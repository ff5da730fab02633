/**
 * One trace across two real processes: this process enqueues inside a producer span, a separate
 * worker process runs the job in a consumer span of the same trace. A job in Go's format (no
 * trace context) runs in a fresh root span, a failure is recorded on its span, and unique keys
 * are those a Go enqueuer computes even though the job JSON carries the context.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Enqueuer, silentLogger } from 'nestjs-gocraft-work/core';
import { parseJob } from 'nestjs-gocraft-work/testing';
import { deleteNamespace, testNamespace, testRedis, testRedisUrl } from '../harness/redis';
import { installTracing, SpanSummary, summarize } from '../harness/tracing';

jest.setTimeout(30_000);

function runWorker(ns: string, expectedRuns: number): Promise<SpanSummary[]> {
  const child = fork(path.join(__dirname, 'traced-worker.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: {
      ...process.env,
      REDIS_URL: testRedisUrl(),
      WORK_NS: ns,
      EXPECTED_RUNS: String(expectedRuns),
      TS_NODE_TRANSPILE_ONLY: 'true',
      TS_NODE_PROJECT: path.join(__dirname, '..', '..', 'tsconfig.json'),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let spans: SpanSummary[] | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('message', (message: { spans: SpanSummary[] }) => {
      spans = message.spans;
      child.disconnect();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (spans) resolve(spans);
      else reject(new Error(`the worker process exited (${code}) without reporting its spans`));
    });
  });
}

describe('OpenTelemetry across processes (e2e)', () => {
  const exporter = installTracing();
  const redis = testRedis();
  const ns = testNamespace('otel');
  const enqueuer = new Enqueuer({ namespace: ns, redis: testRedisUrl(), logger: silentLogger });

  afterAll(async () => {
    await enqueuer.close();
    await deleteNamespace(redis, ns);
    await redis.quit();
  });

  it("continues the enqueuer's trace in the worker process; a Go job gets a root span", async () => {
    const traced = await enqueuer.enqueue('traced', { n: 1 });
    const failing = await enqueuer.enqueue('failing', null);
    const goId = '0123456789abcdef01234567';
    await redis.lpush(
      `${ns}:jobs:from_go`,
      `{"name":"from_go","id":"${goId}","t":${Math.floor(Date.now() / 1000)},"args":{}}`,
    );
    const [producer, failingProducer] = exporter.getFinishedSpans().map(summarize);
    expect(producer).toMatchObject({
      name: 'enqueue traced',
      kind: SpanKind.PRODUCER,
      parentSpanId: null,
      scope: 'nestjs-gocraft-work',
      attributes: {
        'messaging.system': 'gocraft_work',
        'messaging.destination.name': 'traced',
        'messaging.message.id': traced.id,
      },
    });
    expect(traced.traceContext).toEqual({
      traceparent: `00-${producer.traceId}-${producer.spanId}-01`,
    });

    const spans = await runWorker(ns, 3);
    const run = (name: string) => spans.find((s) => s.name === `process ${name}`)!;
    expect(spans).toHaveLength(3);
    expect(run('traced')).toMatchObject({
      kind: SpanKind.CONSUMER,
      traceId: producer.traceId,
      parentSpanId: producer.spanId,
      status: SpanStatusCode.UNSET,
      attributes: { 'messaging.message.id': traced.id, 'work.job.attempt': 1 },
    });
    expect(run('traced').attributes['work.job.queue_wait_ms']).toEqual(expect.any(Number));
    expect(run('from_go')).toMatchObject({ parentSpanId: null, kind: SpanKind.CONSUMER });
    expect(run('from_go').traceId).not.toBe(producer.traceId);
    expect(run('failing')).toMatchObject({
      traceId: failingProducer.traceId,
      parentSpanId: failingProducer.spanId,
      status: SpanStatusCode.ERROR,
      statusMessage: 'card declined',
      exceptions: ['card declined'],
      attributes: { 'messaging.message.id': failing.id },
    });
    // The dead copy keeps the context (ours writes it back; a Go pool would drop it).
    const [dead] = await redis.zrange(`${ns}:dead`, 0, -1);
    expect(parseJob(dead).traceContext).toEqual(failing.traceContext);
  });

  it('stores the context as an extra top-level member and leaves unique keys as Go computes them', async () => {
    const job = await enqueuer.enqueueUnique('uniq', { b: 2, a: 1 });
    expect(await enqueuer.enqueueUnique('uniq', { a: 1, b: 2 })).toBeNull();
    const key = `${ns}:unique:uniq:{"a":1,"b":2}\n`;
    expect(await redis.exists(key)).toBe(1);
    const [raw] = await redis.lrange(`${ns}:jobs:uniq`, 0, -1);
    expect(raw).toBe(
      `{"name":"uniq","id":"${job!.id}","t":${job!.enqueuedAt},"args":{"a":1,"b":2},"unique":true,"trace_context":{"traceparent":"${job!.traceContext!.traceparent}"}}`,
    );
    const untraced = new Enqueuer({ namespace: ns, redis, logger: silentLogger, tracing: false });
    const plain = await untraced.enqueue('plain', null);
    expect(await redis.lrange(`${ns}:jobs:plain`, 0, -1)).toEqual([
      `{"name":"plain","id":"${plain.id}","t":${plain.enqueuedAt},"args":null}`,
    ]);
    await untraced.close();
  });
});
