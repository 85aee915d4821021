import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  BatchLogRecordProcessor,
  ConsoleLogRecordExporter,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { TelemetryEnvironment } from '../environment/telemetry-environment';
import { otlpLogExporter } from './exporters';

/**
 * The log-record processors `OTEL_LOGS_EXPORTER` asks for. Lines go to stdout in any case; with
 * `otlp` each line is also sent to the collector as an OTLP log record (batched, bounded by
 * `OTEL_BLRP_*`), with `console` printed as a record (debugging only). None
 * unless the variable is set: stdout is the primary path here, where the specification's default
 * would be `otlp`.
 *
 * @internal
 */
export function logProcessors(settings: TelemetryEnvironment): LogRecordProcessor[] {
  const { logs } = settings;
  return logs.exporters.map((kind) =>
    kind === 'otlp'
      ? new BatchLogRecordProcessor({
          exporter: otlpLogExporter(logs),
          maxQueueSize: logs.batch.maxQueueSize,
          maxExportBatchSize: Math.min(logs.batch.maxExportBatchSize, logs.batch.maxQueueSize),
          scheduledDelayMillis: logs.batch.scheduledDelayMs,
          exportTimeoutMillis: logs.batch.exportTimeoutMs,
        })
      : new SimpleLogRecordProcessor({ exporter: new ConsoleLogRecordExporter() }),
  );
}
