import { OTLPLogExporter as OtlpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { ConsoleSpanExporter } from '@opentelemetry/sdk-trace';
import type { TracingSettings } from './tracing-settings';

// Headers (OTEL_EXPORTER_OTLP_HEADERS, _TRACES_HEADERS, _LOGS_HEADERS), compression and the
// per-request timeout are read from the environment by the exporters themselves, as the
// specification defines them; the endpoint is passed, as the startup report shows it.

/**
 * The span exporter the settings name, or none (`OTEL_TRACES_EXPORTER=none`).
 *
 * @internal
 */
export function createSpanExporter(settings: TracingSettings): SpanExporter | undefined {
  if (settings.exporter === 'none') return undefined;
  if (settings.exporter === 'console') return new ConsoleSpanExporter();
  const config = { url: settings.endpoint };
  return settings.protocol === 'http/json'
    ? new OtlpJsonExporter(config)
    : new OtlpProtobufExporter(config);
}

/**
 * The OTLP log-record exporter of `OTEL_LOGS_EXPORTER=otlp`.
 *
 * @internal
 */
export function createLogExporter(settings: TracingSettings): LogRecordExporter {
  const config = { url: settings.logsEndpoint };
  return settings.logsProtocol === 'http/json'
    ? new OtlpJsonLogExporter(config)
    : new OtlpProtobufLogExporter(config);
}
