/**
 * The OpenTelemetry SDK set up the way an application would (global tracer provider and W3C
 * propagator), exporting into memory so tests can read the finished spans. Tests only: the
 * library itself depends on @opentelemetry/api alone.
 */
import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Registers the SDK globally and returns the exporter holding every ended span. */
export function installTracing(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return exporter;
}

/** The parts of a span the tests assert on, as plain JSON (it crosses a process boundary). */
export interface SpanSummary {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  status: number;
  statusMessage: string | null;
  attributes: Record<string, unknown>;
  exceptions: string[];
  scope: string;
}

export function summarize(span: ReadableSpan): SpanSummary {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    status: span.status.code,
    statusMessage: span.status.message ?? null,
    attributes: { ...span.attributes },
    exceptions: span.events
      .filter((e) => e.name === 'exception')
      .map((e) => String(e.attributes?.['exception.message'])),
    scope: span.instrumentationScope.name,
  };
}
