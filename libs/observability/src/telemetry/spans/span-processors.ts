import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';
import { RUNTIME_MESSAGES } from '../../messages/runtime.messages';
import type { TelemetryEnvironment } from '../../environment/telemetry-environment';
import { sdkLog } from '../../logging/sdk-logger';
import { metricCatalog } from '../../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../../naming/metric-names';
import { otlpSpanExporter } from '../exporters';
import { CountingSpanExporter } from './counting-span-exporter';
import { QueueDropMeter } from './queue-drop-meter';
import { RedactionSpanProcessor } from './redaction.processor';

/** Why a finished span was never delivered. @internal */
export type DropReason = 'queue_full' | 'export_failed' | 'export_timeout' | 'shutdown';

/** The span processors of the SDK, and what is still queued in them. @internal */
export interface SpanPipeline {
  readonly processors: SpanProcessor[];
  /** Spans waiting for export now, in every batch processor. */
  queuedSpans(): number;
  /** Counts spans that were never delivered. */
  drop(reason: DropReason, spans: number): void;
}

/** Leaves the exporter's answer this much time before the batch processor's own timer. */
const DEADLINE_MARGIN_MS = 50;

/**
 * The span processors `OTEL_TRACES_EXPORTER` asks for, on OpenTelemetry's own processors: first
 * the redaction of every span; then, for `otlp`, a `BatchSpanProcessor` bounded by `OTEL_BSP_*`
 * around the OTLP exporter of the configured protocol (counted: every span is exported or counted
 * in `observability_spans_dropped_total{reason}`, and one line says when the collector starts and
 * stops failing); for `console`, spans printed as they end (debugging only: not JSON lines).
 *
 * @internal
 */
export function spanPipeline(settings: TelemetryEnvironment): SpanPipeline {
  const exported = metricCatalog.counter({
    name: METRIC_NAMES.spansExported,
    help: METRIC_HELP.spansExported,
    labelNames: [],
    maxSeries: 1,
  });
  const dropped = metricCatalog.counter({
    name: METRIC_NAMES.spansDropped,
    help: METRIC_HELP.spansDropped,
    labelNames: ['reason'],
    maxSeries: 10,
  });
  const drop = (reason: DropReason, spans: number) => {
    if (spans > 0) dropped.resolve([reason]).inc(spans);
  };
  const meters: QueueDropMeter[] = [];
  const processors: SpanProcessor[] = [new RedactionSpanProcessor()];
  const { traces, batch } = settings;
  for (const kind of traces.exporters) {
    if (kind === 'console') {
      processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
      continue;
    }
    const exporter = new CountingSpanExporter(
      otlpSpanExporter(traces),
      Math.max(1, batch.exportTimeoutMs - DEADLINE_MARGIN_MS),
      {
        outcome: (outcome, spans) =>
          outcome === 'exported' ? exported.resolve([]).inc(spans) : drop(outcome, spans),
        status: (failing, detail) =>
          failing
            ? sdkLog.warn(
                RUNTIME_MESSAGES.traceExportFailing(
                  traces.endpoint,
                  detail,
                  METRIC_NAMES.spansDropped,
                ),
                'Tracing',
              )
            : sdkLog.info(
                RUNTIME_MESSAGES.traceExportRecovered(traces.endpoint, detail),
                'Tracing',
              ),
      },
    );
    const meter = new QueueDropMeter((spans) => drop('queue_full', spans));
    meters.push(meter);
    processors.push(
      new BatchSpanProcessor({
        exporter,
        maxQueueSize: batch.maxQueueSize,
        maxExportBatchSize: Math.min(batch.maxExportBatchSize, batch.maxQueueSize),
        scheduledDelayMillis: batch.scheduledDelayMs,
        exportTimeoutMillis: batch.exportTimeoutMs,
        selfObsMeterProvider: meter,
      }),
    );
  }
  return {
    processors,
    queuedSpans: () => meters.reduce((total, meter) => total + meter.queuedSpans(), 0),
    drop,
  };
}
