import type { Attributes, Logger as LogRecordLogger } from '@opentelemetry/api';
import { ROOT_CONTEXT, SeverityNumber, trace } from '@opentelemetry/api';
import type { DestinationStream } from 'pino';

const SEVERITY: Record<string, SeverityNumber> = {
  trace: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  fatal: SeverityNumber.FATAL,
};
/** Fields that become the record's own fields (or its resource), not attributes. */
const RECORD_FIELDS = new Set([
  'level',
  'time',
  'msg',
  'trace_id',
  'span_id',
  'trace_flags',
  'service',
]);

/** Nested fields as dotted keys (`headers.user-agent`): flat attributes every backend indexes. */
function flatten(value: unknown, prefix: string, into: Attributes, depth: number): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
    for (const [key, nested] of Object.entries(value)) {
      flatten(nested, `${prefix}.${key}`, into, depth + 1);
    }
  } else if (value !== undefined && value !== null) {
    into[prefix] = typeof value === 'object' ? JSON.stringify(value) : value;
  }
}

/**
 * One log line (already formatted, redacted JSON) as an OTLP log record: severity from `level`,
 * timestamp from `time`, body from `msg`, the trace context from `trace_id`/`span_id`, every
 * other field as an attribute.
 *
 * @internal
 */
export function emitLogLine(logger: LogRecordLogger, line: string): void {
  const fields = JSON.parse(line) as Record<string, unknown>;
  const attributes: Attributes = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!RECORD_FIELDS.has(key)) flatten(value, key, attributes, 0);
  }
  const level = String(fields.level);
  const traceId = fields.trace_id;
  const spanId = fields.span_id;
  logger.emit({
    severityText: level.toUpperCase(),
    severityNumber: SEVERITY[level] ?? SeverityNumber.UNSPECIFIED,
    timestamp: Date.parse(String(fields.time)),
    body: typeof fields.msg === 'string' ? fields.msg : undefined,
    attributes,
    context:
      typeof traceId === 'string' && typeof spanId === 'string'
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId,
            spanId,
            traceFlags:
              typeof fields.trace_flags === 'string' ? Number.parseInt(fields.trace_flags, 16) : 0,
          })
        : ROOT_CONTEXT,
  });
}

/**
 * A pino destination that writes every line to `destination` and sends the same record, over
 * OTLP logs, to the collector: centralized logging without a node agent. The copy is made from
 * the final line, so it is redacted exactly as stdout is; a failure to copy never loses the
 * stdout line. The records carry the preload's resource, whose service attributes the module
 * settles.
 *
 * @internal
 */
export function withOtlpCopy(
  destination: DestinationStream,
  records: LogRecordLogger,
): DestinationStream {
  return {
    write(line: string): void {
      destination.write(line);
      try {
        emitLogLine(records, line);
      } catch {
        // The stdout line is written; a line that cannot be copied is not worth a second failure.
      }
    },
  };
}
