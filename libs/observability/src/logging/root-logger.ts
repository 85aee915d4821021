import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { pino, stdSerializers } from 'pino';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { resolveOptionalPackage } from '../support/optional-package';
import { tracingRuntime } from '../tracing/tracing-runtime';
import { withOtlpCopy } from './otlp-log-copy';
import { redactFields, redactText } from './redaction';
import { requestIdInScope } from './request-scope';
import { traceFields } from './trace-fields';

/** The fields every line gets from where it is written: the active span, the request. */
function lineContext(): Record<string, string> {
  const fields = traceFields() as Record<string, string>; // a new object every call
  const requestId = requestIdInScope();
  if (requestId !== undefined) fields.request_id = requestId;
  return fields;
}

/** An error as logged: type, message and stack, secrets cut, plus its own fields redacted. */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return redactFields(error);
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack']) {
    const text = serialized[key];
    if (typeof text === 'string') serialized[key] = redactText(text);
  }
  return redactFields(serialized);
}

/**
 * The pino options every line goes through: one JSON object per line with `level` (a name),
 * `time` (ISO 8601), `msg`, `service`, the trace fields of the active span, and secrets redacted
 * in fields (any depth, any case), messages and errors. A message with CR or LF stays one record
 * (JSON escapes them).
 *
 * @internal
 */
export function loggerOptions(options: ResolvedObservabilityOptions): LoggerOptions {
  const { level, pretty } = options.logging;
  return {
    level,
    base: { service: options.serviceName },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    mixin: lineContext,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redactFields(object),
    },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) {
          const arg: unknown = args[i];
          if (typeof arg === 'string') args[i] = redactText(arg);
        }
        method.apply(this, args);
      },
    },
    ...(pretty
      ? {
          transport: {
            target: resolveOptionalPackage('pino-pretty', 'Pretty logs (LOG_FORMAT=pretty)'),
            options: { translateTime: 'SYS:standard' },
          },
        }
      : {}),
  };
}

/**
 * The service's root pino logger, built from the module's options: to `destination` (stdout by
 * default), and, when the tracing preload runs with `OTEL_LOGS_EXPORTER=otlp` (and output is not
 * pretty), copied to the collector as OTLP log records.
 *
 * @internal
 */
export function createRootLogger(
  options: ResolvedObservabilityOptions,
  destination: DestinationStream = pino.destination(1),
): Logger {
  if (options.logging.pretty) return pino(loggerOptions(options));
  const runtime = tracingRuntime();
  const copied = runtime?.settings.logsExporter === 'otlp';
  return pino(
    loggerOptions(options),
    copied ? withOtlpCopy(destination, () => runtime.logRecordLogger()) : destination,
  );
}
