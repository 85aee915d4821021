import { stdoutDestination } from './log-destination';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import { pino, stdSerializers } from 'pino';
import { logs } from '@opentelemetry/api';
import type { LogLevel } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { OPTIONAL_FEATURES } from '../messages/messages';
import { resolveOptionalPackage } from '../support/optional-package';
import type { LogLevelControl } from './log-levels';
import { withOtlpCopy } from './otlp-log-copy';
import { redactFields, redactFieldsAndText, redactText } from '../redaction/redaction';
import { operationIdsInScope } from '../context/operation-context';
import { traceFields } from './trace-fields';
import { isoTime } from './iso-time';

/** The fields every line gets from where it is written: the active span, the operation's id. */
function lineContext(): Record<string, string> {
  const fields = traceFields() as Record<string, string>; // a new object every call
  const ids = operationIdsInScope();
  if (ids !== undefined) fields[ids.field] = ids.value;
  return fields;
}

/**
 * An error as logged: type, message and stack, plus its own fields, with secret fields redacted
 * and inline secrets (a URL's password, `password=…`) cut from every text in it.
 */
function serializeError(error: unknown): unknown {
  return redactFieldsAndText(error instanceof Error ? stdSerializers.err(error) : error);
}

/** What shapes every line: the level, the `service` field, human-readable output or not. @internal */
export interface LineSettings {
  readonly level: LogLevel;
  readonly service: string;
  readonly pretty: boolean;
  /** Decides, per line, by its level number and Nest context, whether it is written. */
  readonly levels?: Pick<LogLevelControl, 'allows'>;
}

/**
 * The pino options every line goes through: one JSON object per line with `level` (a name),
 * `time` (ISO 8601), `msg`, `service`, the trace fields of the active span, and secrets redacted
 * in fields (any depth, any case), messages and errors. A message with CR or LF stays one record
 * (JSON escapes them).
 *
 * @internal
 */
export function loggerOptions({ level, service, pretty, levels }: LineSettings): LoggerOptions {
  return {
    level,
    base: { service },
    timestamp: isoTime,
    messageKey: 'msg',
    mixin: lineContext,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redactFields(object),
    },
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      logMethod(args, method, levelNumber) {
        const fields: unknown = args[0];
        const context =
          typeof fields === 'object' && fields !== null
            ? (fields as { context?: unknown }).context
            : undefined;
        if (levels !== undefined && !levels.allows(levelNumber, context)) return;
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
            target: resolveOptionalPackage('pino-pretty', OPTIONAL_FEATURES.prettyLogs),
            options: { translateTime: 'SYS:standard' },
          },
        }
      : {}),
  };
}

/** The OpenTelemetry logs API's logger the lines are copied to, when an exporter is set. */
const OTLP_LOGGER_NAME = 'nestjs-observability';

/**
 * The service's root pino logger, built from the module's options: to `destination` (stdout by
 * default), and, when the preload set up log export (`OTEL_LOGS_EXPORTER=otlp`), copied to the
 * collector as OTLP log records (not for pretty output).
 *
 * @internal
 */
export function createRootLogger(
  options: ResolvedObservabilityOptions,
  destination: DestinationStream = stdoutDestination(),
  levels?: LogLevelControl,
): Logger {
  const settings = {
    level: options.logging.level,
    service: options.serviceName,
    pretty: options.logging.pretty,
    levels,
  };
  if (settings.pretty) return pino(loggerOptions(settings));
  const records = logs.getLogger(OTLP_LOGGER_NAME);
  return pino(
    loggerOptions(settings),
    records.enabled() ? withOtlpCopy(destination, records) : destination,
  );
}
