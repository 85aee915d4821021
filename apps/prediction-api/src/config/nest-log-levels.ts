import type { LogLevel as NestLogLevel } from '@nestjs/common';
import type { LogLevel } from './app-config';

const ORDER: readonly NestLogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const THRESHOLD: Record<LogLevel, number> = {
  silent: 0,
  fatal: 1,
  error: 2,
  warn: 3,
  info: 4,
  debug: 5,
  trace: 6,
};

/** The Nest logger levels that `LOG_LEVEL` lets through (`info` is Nest's `log`). */
export function nestLogLevels(level: LogLevel): NestLogLevel[] {
  return ORDER.slice(0, THRESHOLD[level]);
}
