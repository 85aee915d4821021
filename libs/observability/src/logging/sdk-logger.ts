import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { pino } from 'pino';
import { readProcessEnvironment } from '../environment/process-environment';
import { loggerOptions } from './root-logger';

/** Where the SDK's own lines are written: one logger, whatever part of the SDK writes. @internal */
export interface SdkLogger {
  info(message: string, where?: string): void;
  /** `error`, when given, is written as the line's `err` (type, message, stack), redacted. */
  warn(message: string, where?: string, error?: unknown): void;
  error(message: string, error?: unknown, where?: string): void;
}

let root: Logger | undefined;
let bootstrap: Logger | undefined;

/** Before the module's root logger exists (the preload, bootstrap): the same JSON lines, from the environment. */
function bootstrapLogger(): Logger {
  if (bootstrap === undefined) {
    const { settings } = readProcessEnvironment();
    bootstrap = pino(
      loggerOptions({
        level: settings.logLevel ?? 'info',
        service: settings.serviceName ?? 'unknown_service:node',
        pretty: false,
      }),
      pino.destination({ fd: 1, sync: true }),
    );
  }
  return bootstrap;
}

function write(level: 'info' | 'warn' | 'error', fields: object, message: string): void {
  try {
    // Outside any request: a line about the SDK never carries the ids of whatever request
    // happened to trigger it (an export timer, a probe).
    context.with(ROOT_CONTEXT, () => (root ?? bootstrapLogger())[level](fields, message));
  } catch {
    // Telemetry never breaks the host: a line that cannot be written is given up.
  }
}

/**
 * The SDK's own logger: JSON lines like every other line of the service (`level`, `time`, `msg`,
 * `service`, `context`), written through the application's root logger once the module made it,
 * and through a logger of the same shape before that (the preload's lines). Never throws.
 *
 * @internal
 */
export const sdkLog: SdkLogger = {
  info: (message, where = 'Observability') => write('info', { context: where }, message),
  warn: (message, where = 'Observability', error) =>
    write(
      'warn',
      error === undefined ? { context: where } : { context: where, err: error },
      message,
    ),
  error: (message, error, where = 'Observability') =>
    write(
      'error',
      error === undefined ? { context: where } : { context: where, err: error },
      message,
    ),
};

/** Routes the SDK's lines to the module's root logger from now on. @internal */
export function writeSdkLogsTo(logger: Logger): void {
  root = logger;
}
