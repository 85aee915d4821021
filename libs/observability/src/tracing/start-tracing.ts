import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { EdgeSampler } from './edge-sampler';
import { createSpanExporter } from './exporters';
import { redactSpan } from './span-redaction';
import { SpanExportQueue } from './span-export-queue';
import { setTracingRuntime, TracingRuntime, tracingRuntime } from './tracing-runtime';
import type { TracingSettings } from './tracing-settings';

/** Modules that must load after tracing starts for their calls to be traced. */
const WATCHED_MODULES = ['@nestjs/core', 'express', 'fastify', 'pg', 'ioredis'];

/** Options of `startTracing` beyond the environment's settings. @publicApi */
export interface StartTracingOptions {
  /** Replaces the exporter the settings describe (tests, custom transports). */
  readonly exporter?: SpanExporter;
}

function loadedModules(): string[] {
  const paths = Object.keys(require.cache);
  return WATCHED_MODULES.filter((name) => paths.some((p) => p.includes(`/node_modules/${name}/`)));
}

/**
 * Starts OpenTelemetry tracing for this process: the tracer provider with the edge sampler and
 * the bounded export queue, AsyncLocalStorage context, W3C trace context and baggage propagation,
 * and the http, pg and ioredis instrumentations. Call it before Nest, express, pg or ioredis are
 * loaded (the preload entry `nestjs-observability/register` does). A second call returns the first
 * runtime; `settings.disabled` (`OTEL_SDK_DISABLED=true`) starts nothing.
 *
 * @publicApi
 */
export function startTracing(
  settings: TracingSettings,
  options: StartTracingOptions = {},
): TracingRuntime | undefined {
  const existing = tracingRuntime();
  if (existing !== undefined || settings.disabled) return existing;
  const loadedEarly = loadedModules();
  const sampler = new EdgeSampler(settings.sampler, settings.ratio);
  const exporter = options.exporter ?? createSpanExporter(settings);
  const queue =
    exporter === undefined
      ? undefined
      : new SpanExportQueue(
          exporter,
          {
            maxQueueSize: settings.maxQueueSize,
            maxExportBatchSize: Math.min(settings.maxExportBatchSize, settings.maxQueueSize),
            scheduledDelayMs: settings.scheduledDelayMs,
            exportTimeoutMs: settings.exportTimeoutMs,
          },
          redactSpan,
          (failing, detail) =>
            tracingRuntime()?.log(
              failing ? 'warn' : 'log',
              failing
                ? `Trace export to ${settings.endpoint} failing (${detail}): spans are dropped and counted in observability_spans_dropped_total; requests are not affected.`
                : `Trace export to ${settings.endpoint} recovered: ${detail}.`,
            ),
        );
  const provider = new TracerProvider({
    resource: resourceFromAttributes(settings.resource),
    sampler,
    spanLimits: { attributeValueLengthLimit: settings.attributeValueLengthLimit },
    spanProcessors: queue === undefined ? [] : [queue],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  const instrumentations: Instrumentation[] = [
    // Outgoing requests only: the SERVER span of an incoming request is the SDK's own
    // (ServerSpans), opened where the request enters the server, named by its route.
    new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
  ];
  registerInstrumentations({ instrumentations, tracerProvider: provider });
  const runtime = new TracingRuntime(settings, queue, sampler, instrumentations, loadedEarly);
  setTracingRuntime(runtime);
  return runtime;
}
