import type { DiagLogger } from '@opentelemetry/api';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { diagLogLevelFromString, setGlobalErrorHandler } from '@opentelemetry/core';
import type { DiagnosticsLevel } from '../environment/telemetry-environment';
import { DistinctOnce } from '../logging/distinct-once';
import { sdkLog } from '../logging/sdk-logger';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';

/** Each distinct message once, at most 200; after that, OpenTelemetry's own lines stop. */
const written = new DistinctOnce(200);

function once(write: (message: string) => void, message: string): void {
  if (written.first(message)) write(message);
}

function text(message: string, args: unknown[]): string {
  const details = args.map((a) =>
    a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a),
  );
  return [message, ...details].join(' ');
}

/** OpenTelemetry's diagnostics as the SDK's JSON lines (context `OpenTelemetry`), each distinct one once. */
const jsonDiagLogger: DiagLogger = {
  error: (message, ...args) =>
    once((m) => sdkLog.error(m, undefined, 'OpenTelemetry'), text(message, args)),
  warn: (message, ...args) => once((m) => sdkLog.warn(m, 'OpenTelemetry'), text(message, args)),
  info: (message, ...args) => once((m) => sdkLog.info(m, 'OpenTelemetry'), text(message, args)),
  debug: (message, ...args) => once((m) => sdkLog.info(m, 'OpenTelemetry'), text(message, args)),
  verbose: (message, ...args) => once((m) => sdkLog.info(m, 'OpenTelemetry'), text(message, args)),
};

/**
 * Routes OpenTelemetry's own diagnostics (`diag`, at `OTEL_LOG_LEVEL`, default warn) and the
 * errors its components report (the global error handler: an exporter's failed request, a batch
 * processor's timeout) to the SDK's logger, as JSON lines, each distinct message once: a collector
 * that is down for an hour writes one line, not one per batch (the drops are counted in metrics).
 *
 * @internal
 */
export function routeOpenTelemetryDiagnostics(level: DiagnosticsLevel): void {
  const logLevel = diagLogLevelFromString(level) ?? DiagLogLevel.WARN;
  diag.setLogger(jsonDiagLogger, { logLevel, suppressOverrideMessage: true });
  setGlobalErrorHandler((error) =>
    once(
      (m) => sdkLog.warn(m, 'OpenTelemetry'),
      RUNTIME_MESSAGES.openTelemetryReported(
        error instanceof Error ? error.message : JSON.stringify(error),
      ),
    ),
  );
}
