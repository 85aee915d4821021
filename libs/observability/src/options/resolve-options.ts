import { OPTION_DEFAULTS } from './defaults';
import type {
  ObservabilityModuleOptions,
  ResolvedObservabilityOptions,
} from './observability-options.interface';
import { validateOptions } from './validate-options';
import { ObservabilityConfigError } from '../errors/observability-config.error';
import { isLogLevel, LOG_LEVELS } from './option-rules';
import type { LogLevel } from './observability-options.interface';

/**
 * Validates raw options and applies the defaults: the one place where either happens.
 *
 * @param raw the options as the user gave them (from `forRoot` or the `forRootAsync` factory)
 * @param env the process environment, for the documented environment defaults
 * @throws ObservabilityConfigError naming every invalid option, its value and the fix
 * @publicApi
 */
export function resolveOptions(
  raw: ObservabilityModuleOptions,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedObservabilityOptions {
  validateOptions(raw);
  return {
    serviceName: raw.serviceName.trim(),
    serviceVersion:
      raw.serviceVersion ?? nonEmpty(env.npm_package_version) ?? OPTION_DEFAULTS.serviceVersion,
    environment: raw.environment ?? nonEmpty(env.NODE_ENV) ?? OPTION_DEFAULTS.environment,
    metrics: withDefaults(OPTION_DEFAULTS.metrics, raw.metrics),
    tracing: withDefaults(OPTION_DEFAULTS.tracing, raw.tracing),
    logging: withDefaults(
      {
        ...OPTION_DEFAULTS.logging,
        level: logLevelFrom(env.LOG_LEVEL) ?? OPTION_DEFAULTS.logging.level,
        pretty: env.LOG_FORMAT?.trim().toLowerCase() === 'pretty',
      },
      raw.logging,
    ),
    health: withDefaults(OPTION_DEFAULTS.health, raw.health),
    slos: raw.slos ?? OPTION_DEFAULTS.slos,
  };
}

/** A group's defaults overlaid with the fields the user set (an explicit `undefined` keeps the default). */
function withDefaults<T extends object>(defaults: T, given: Partial<T> | undefined): T {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

function logLevelFrom(value: string | undefined): LogLevel | undefined {
  const level = value?.trim().toLowerCase();
  if (level === undefined || level === '') return undefined;
  if (!isLogLevel(level)) {
    throw new ObservabilityConfigError([
      {
        option: 'LOG_LEVEL (environment)',
        value,
        expected: LOG_LEVELS.join(', '),
        fix: 'set LOG_LEVEL to one of these levels, or unset it for info',
      },
    ]);
  }
  return level;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
