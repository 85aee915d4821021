import type { LoggerService } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { pino } from 'pino';
import { readProcessEnvironment } from '../environment/process-environment';
import { loggerOptions } from './root-logger';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** A stack trace as Nest passes one (`Error: ...\n    at f (file:1:2)`). */
const STACK = /\n\s+at .+/;

/**
 * Nest's `LoggerService` convention, as its `ConsoleLogger` reads it: a string argument that looks
 * like a stack trace is the stack, a trailing string is the context.
 */
function split(params: readonly unknown[]): { context?: string; stack?: string } {
  const strings = params.filter((p): p is string => typeof p === 'string');
  const stack = strings.find((p) => STACK.test(p));
  const last = params.at(-1);
  const context = typeof last === 'string' && last !== stack ? last : undefined;
  return { context, stack };
}

/**
 * Nest's logger from the moment `ObservabilityModule.forRoot` is evaluated (when the application's
 * root module is imported) until the application attaches the SDK's logger: Nest's boot lines and,
 * above all, a startup failure (`NestFactory.create` throwing, with its stack) are JSON lines like
 * every other, secrets redacted, instead of Nest's coloured multi-line output that a log pipeline
 * cannot parse. `app.useLogger(...)` replaces it as usual.
 *
 * @internal
 */
export class NestBootLogger implements LoggerService {
  constructor(private readonly logger: PinoLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const { context, stack } = split(params);
    const fields: Record<string, unknown> = context === undefined ? {} : { context };
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message }, (message as { message?: string }).message);
    } else {
      if (stack !== undefined) fields.err = { stack };
      this.logger[level](fields, String(message));
    }
  }
}

/**
 * Makes Nest's static logger write the SDK's JSON lines (service `serviceName`, or the
 * environment's `OTEL_SERVICE_NAME`), until the application sets its own.
 *
 * @returns the logger Nest's lines now go through
 * @internal
 */
export function installNestBootLogger(serviceName: string | undefined): PinoLogger {
  const { settings } = readProcessEnvironment();
  const logger = pino(
    loggerOptions({
      level: settings.logLevel ?? 'info',
      service: serviceName ?? settings.serviceName ?? 'unknown_service:node',
      pretty: false,
    }),
    pino.destination({ fd: 1, sync: true }),
  );
  Logger.overrideLogger(new NestBootLogger(logger));
  return logger;
}
