import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpTarget } from '../environment/telemetry-environment';

// OpenTelemetry's exporters, chosen by protocol. The endpoint is passed as the startup report
// shows it; headers (OTEL_EXPORTER_OTLP_[SIGNAL_]HEADERS), compression, timeouts and certificates
// are read from the environment by the exporters themselves, as the specification defines them.

/** The OTLP span exporter of `target`'s protocol. @internal */
export function otlpSpanExporter({ protocol, endpoint }: OtlpTarget): SpanExporter {
  const config = { url: endpoint };
  if (protocol === 'grpc') return new GrpcTraceExporter(config);
  return protocol === 'http/json'
    ? new JsonTraceExporter(config)
    : new ProtobufTraceExporter(config);
}

/** The OTLP metric exporter of `target`'s protocol (cumulative temporality). @internal */
export function otlpMetricExporter({ protocol, endpoint }: OtlpTarget): PushMetricExporter {
  const config = { url: endpoint };
  if (protocol === 'grpc') return new GrpcMetricExporter(config);
  return protocol === 'http/json'
    ? new JsonMetricExporter(config)
    : new ProtobufMetricExporter(config);
}

/** The OTLP log-record exporter of `target`'s protocol. @internal */
export function otlpLogExporter({ protocol, endpoint }: OtlpTarget): LogRecordExporter {
  const config = { url: endpoint };
  if (protocol === 'grpc') return new GrpcLogExporter(config);
  return protocol === 'http/json' ? new JsonLogExporter(config) : new ProtobufLogExporter(config);
}
