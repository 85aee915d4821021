import { configureNestSpans } from '../nest/nest-spans.adapter';
import type { DynamicModule, Provider } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { EnvironmentWarning } from '../environment/env-reader';
import { createRootLogger } from '../logging/root-logger';
import { sdkLog, writeSdkLogsTo } from '../logging/sdk-logger';
import { restoreConsole, routeConsoleTo } from '../logging/console-lines';
import { ConsoleRestore } from './console-restore';
import {
  OBSERVABILITY_LOG_LEVELS,
  OBSERVABILITY_LOGGER,
  OBSERVABILITY_OPTIONS,
} from '../observability.constants';
import { LogLevelControl } from '../logging/log-levels';
import type {
  ObservabilityModuleOptions,
  ResolvedObservabilityOptions,
} from '../options/observability-options.interface';
import { resolveOptionsAndWarnings } from '../options/resolve-options';
import { deliverToPreload } from './telemetry-link';

/** The options as resolved, with the environment variables that could not be used. */
const RESOLUTION = Symbol('OBSERVABILITY_RESOLUTION');

interface Resolution {
  readonly options: ResolvedObservabilityOptions;
  readonly warnings: readonly EnvironmentWarning[];
}

/**
 * The options and the root logger, in a module of their own so that nestjs-pino's `LoggerModule`
 * can import them too, whether `ObservabilityModule` is global or not. Built by
 * `ObservabilityModule.forRoot` / `forRootAsync` from the raw-options provider (and, for
 * `forRootAsync`, the user's imports), so the user's factory runs once. Once the root logger
 * exists, the SDK's own lines go through it, starting with the environment's warnings.
 *
 * @internal
 */
@Module({})
export class ObservabilityCoreModule {
  static from(
    rawOptions: readonly Provider[],
    imports: DynamicModule['imports'],
    rawToken: symbol | string,
  ): DynamicModule {
    return {
      module: ObservabilityCoreModule,
      imports: imports ?? [],
      providers: [
        ...rawOptions,
        {
          provide: RESOLUTION,
          inject: [rawToken],
          useFactory: (raw: ObservabilityModuleOptions): Resolution => {
            const resolution = resolveOptionsAndWarnings(raw, process.env);
            deliverToPreload(resolution.options);
            return resolution;
          },
        },
        {
          provide: OBSERVABILITY_OPTIONS,
          inject: [RESOLUTION],
          useFactory: ({ options }: Resolution) => {
            // Before app.init() builds the routes, which take their Nest spans from it.
            configureNestSpans(options.tracing.nestSpans);
            return options;
          },
        },
        {
          provide: OBSERVABILITY_LOG_LEVELS,
          inject: [OBSERVABILITY_OPTIONS],
          useFactory: (options: ResolvedObservabilityOptions) =>
            new LogLevelControl(options.logging.level),
        },
        {
          provide: OBSERVABILITY_LOGGER,
          inject: [RESOLUTION, OBSERVABILITY_LOG_LEVELS],
          useFactory: ({ options, warnings }: Resolution, levels: LogLevelControl) => {
            const logger = createRootLogger(options, undefined, levels);
            levels.attach(logger);
            writeSdkLogsTo(logger);
            if (options.logging.console === 'json') routeConsoleTo(logger);
            else restoreConsole();
            for (const warning of warnings) sdkLog.warn(warning.message);
            return logger;
          },
        },
        ConsoleRestore,
      ],
      exports: [OBSERVABILITY_OPTIONS, OBSERVABILITY_LOGGER, OBSERVABILITY_LOG_LEVELS],
    };
  }
}
