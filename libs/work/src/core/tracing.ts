/**
 * OpenTelemetry spans through `@opentelemetry/api` alone (an optional peer; the application brings
 * the SDK): a producer span around each enqueue, whose context travels inside the job's JSON, and
 * a consumer span around each run that continues it. Without the package, or without a registered
 * SDK, this costs next to nothing and writes nothing into jobs.
 */
import type * as OtelApi from '@opentelemetry/api';
import type { Job } from './job';
import { JobTracer, TracedRun, TRACER_NAME } from './job-tracer';
import { optionalPeer } from './optional-peer';
import { failureMessage } from './run';

/** `messaging.system` of our spans. */
const MESSAGING_SYSTEM = 'gocraft_work';

let loaded: typeof OtelApi | null | undefined;

/** The API package, loaded once; null when it is not installed. */
function otel(): typeof OtelApi | null {
  if (loaded === undefined) loaded = optionalPeer<typeof OtelApi>('@opentelemetry/api');
  return loaded;
}

/** What a run gets when nothing records it: no context to enter, nothing to end. */
const UNTRACED: TracedRun = { within: (fn) => fn(), end: () => undefined };

/**
 * How long a run without a trace context skips the span after one came out as the API's no-op
 * (no SDK registered): an SDK registered later is picked up within this time.
 */
export const UNTRACED_RECHECK_MS = 1000;

/** Our spans through the OpenTelemetry API; build with {@link jobTracer}. */
class OtelJobTracer implements JobTracer {
  /** A proxy tracer: it follows an SDK registered later, and stays cheap until then. */
  private readonly tracer: OtelApi.Tracer;
  /** Until when (Date.now()) runs without a context skip the span: none would record. */
  private untracedUntil = 0;

  constructor(private readonly api: typeof OtelApi) {
    this.tracer = api.trace.getTracer(TRACER_NAME);
  }

  async produce<T>(operation: string, jobs: Job[], write: () => Promise<T>): Promise<T> {
    const api = this.api;
    const first = jobs[0];
    const span = this.tracer.startSpan(`${operation} ${first?.name ?? ''}`.trim(), {
      kind: api.SpanKind.PRODUCER,
      attributes: {
        'messaging.system': MESSAGING_SYSTEM,
        'messaging.operation.type': 'send',
        'messaging.destination.name': first?.name ?? '',
        ...(jobs.length === 1
          ? { 'messaging.message.id': first.id }
          : { 'messaging.batch.message_count': jobs.length }),
      },
    });
    const carrier: Record<string, string> = {};
    api.propagation.inject(api.trace.setSpan(api.context.active(), span), carrier);
    if (Object.keys(carrier).length > 0) for (const job of jobs) job.traceContext = carrier;
    try {
      return await write();
    } catch (err) {
      fail(api, span, err);
      throw err;
    } finally {
      span.end();
    }
  }

  run(job: Job): TracedRun {
    if (!job.traceContext && Date.now() < this.untracedUntil) return UNTRACED;
    const api = this.api;
    const parent = job.traceContext
      ? api.propagation.extract(api.ROOT_CONTEXT, job.traceContext)
      : api.ROOT_CONTEXT;
    const span = this.tracer.startSpan(
      `process ${job.name}`,
      { kind: api.SpanKind.CONSUMER },
      parent,
    );
    // Without an SDK (and no parent) the span is the API's no-op with the invalid context: skip
    // the per-job context switch, most of the cost of tracing left on with nothing registered.
    if (span.spanContext() === api.INVALID_SPAN_CONTEXT) {
      if (!job.traceContext) this.untracedUntil = Date.now() + UNTRACED_RECHECK_MS;
      return UNTRACED;
    }
    if (span.isRecording()) {
      span.setAttributes({
        'messaging.system': MESSAGING_SYSTEM,
        'messaging.operation.type': 'process',
        'messaging.destination.name': job.name,
        'messaging.message.id': job.id,
        'work.job.attempt': job.fails + 1,
        'work.job.queue_wait_ms': Math.max(0, Date.now() - job.enqueuedAt * 1000),
      });
    }
    const active = api.trace.setSpan(parent, span);
    return {
      within: (fn) => api.context.with(active, fn),
      end: (failed, error) => {
        if (failed) fail(api, span, error);
        span.end();
      },
    };
  }
}

function fail(api: typeof OtelApi, span: OtelApi.Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : failureMessage(error));
  span.setStatus({ code: api.SpanStatusCode.ERROR, message: failureMessage(error) });
}

/** A tracer when `enabled` (default true) and `@opentelemetry/api` is installed; else null. */
export function jobTracer(enabled = true): JobTracer | null {
  if (!enabled) return null;
  const api = otel();
  return api ? new OtelJobTracer(api) : null;
}
