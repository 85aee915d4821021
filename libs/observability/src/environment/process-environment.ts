import type { EnvironmentWarning } from './env-reader';
import { EnvReader } from './env-reader';
import type { LogLevel } from '../observability.constants';
import { LOG_LEVELS } from '../observability.constants';

/**
 * The variables the module's defaults come from, besides OpenTelemetry's.
 *
 * @internal
 */
export interface ProcessEnvironment {
  /** `LOG_LEVEL`, when set to one of pino's levels. */
  readonly logLevel: LogLevel | undefined;
  /** `LOG_FORMAT=pretty`. */
  readonly prettyLogs: boolean;
  /** `NODE_ENV`. */
  readonly nodeEnv: string | undefined;
  /** `npm_package_version` (set by `npm start`). */
  readonly packageVersion: string | undefined;
  /** `OTEL_SERVICE_NAME`, for the lines written before the module names the service. */
  readonly serviceName: string | undefined;
}

/**
 * Reads the process variables the module's defaults come from; an unusable value is a warning
 * naming it and the fix, and the default is used.
 *
 * @internal
 */
export function readProcessEnvironment(env: NodeJS.ProcessEnv = process.env): {
  settings: ProcessEnvironment;
  warnings: EnvironmentWarning[];
} {
  const reader = new EnvReader(env);
  const level =
    reader.text('LOG_LEVEL') === undefined
      ? undefined
      : reader.choice('LOG_LEVEL', LOG_LEVELS, 'info');
  const format = reader.choice('LOG_FORMAT', ['json', 'pretty'], 'json');
  return {
    settings: {
      logLevel: level,
      prettyLogs: format === 'pretty',
      nodeEnv: reader.text('NODE_ENV'),
      packageVersion: reader.text('npm_package_version'),
      serviceName: reader.text('OTEL_SERVICE_NAME'),
    },
    warnings: reader.warnings,
  };
}
