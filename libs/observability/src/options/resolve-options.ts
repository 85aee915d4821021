import type { EnvironmentWarning } from '../environment/env-reader';
import type { ProcessEnvironment } from '../environment/process-environment';
import { readProcessEnvironment } from '../environment/process-environment';
import { OPTION_DEFAULTS } from './defaults';
import type {
  ObservabilityModuleOptions,
  ResolvedObservabilityOptions,
} from './observability-options.interface';
import { validateOptions } from './validate-options';

/**
 * Validates raw options and applies the defaults, the environment's included (`LOG_LEVEL`,
 * `LOG_FORMAT`, `NODE_ENV`, `npm_package_version`): the one place where either happens.
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
  return resolveOptionsAndWarnings(raw, env).options;
}

/**
 * `resolveOptions`, with a warning for every environment variable that could not be used (the
 * module logs them).
 *
 * @internal
 */
export function resolveOptionsAndWarnings(
  raw: ObservabilityModuleOptions,
  env: NodeJS.ProcessEnv,
): { options: ResolvedObservabilityOptions; warnings: readonly EnvironmentWarning[] } {
  validateOptions(raw);
  const environment = readProcessEnvironment(env);
  return { options: resolved(raw, environment.settings), warnings: environment.warnings };
}

function resolved(
  raw: ObservabilityModuleOptions,
  settings: ProcessEnvironment,
): ResolvedObservabilityOptions {
  const metrics = withDefaults(OPTION_DEFAULTS.metrics, raw.metrics);
  const health = withDefaults(OPTION_DEFAULTS.health, raw.health);
  const sdkPaths = [
    ...(metrics.path === false ? [] : [metrics.path]),
    health.livenessPath,
    health.readinessPath,
  ];
  return {
    serviceName: raw.serviceName.trim(),
    serviceVersion: raw.serviceVersion ?? settings.packageVersion ?? OPTION_DEFAULTS.serviceVersion,
    environment: raw.environment ?? settings.nodeEnv ?? OPTION_DEFAULTS.environment,
    metrics,
    http: withDefaults<ResolvedObservabilityOptions['http']>({ excludePaths: sdkPaths }, raw.http),
    tracing: withDefaults(OPTION_DEFAULTS.tracing, raw.tracing),
    logging: withDefaults(
      {
        ...OPTION_DEFAULTS.logging,
        level: settings.logLevel ?? OPTION_DEFAULTS.logging.level,
        pretty: settings.prettyLogs,
      },
      raw.logging,
    ),
    health,
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
