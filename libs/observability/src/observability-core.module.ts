import type { DynamicModule, Provider } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { createRootLogger } from './logging/root-logger';
import { OBSERVABILITY_LOGGER, OBSERVABILITY_OPTIONS } from './observability.constants';
import type {
  ObservabilityModuleOptions,
  ResolvedObservabilityOptions,
} from './options/observability-options.interface';
import { resolveOptions } from './options/resolve-options';

/**
 * The options and the root logger, in a module of their own so that nestjs-pino's `LoggerModule`
 * can import them too, whether `ObservabilityModule` is global or not. Built by
 * `ObservabilityModule.forRoot` / `forRootAsync` from the raw-options provider (and, for
 * `forRootAsync`, the user's imports), so the user's factory runs once.
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
          provide: OBSERVABILITY_OPTIONS,
          inject: [rawToken],
          useFactory: (raw: ObservabilityModuleOptions) => resolveOptions(raw),
        },
        {
          provide: OBSERVABILITY_LOGGER,
          inject: [OBSERVABILITY_OPTIONS],
          useFactory: (options: ResolvedObservabilityOptions) => createRootLogger(options),
        },
      ],
      exports: [OBSERVABILITY_OPTIONS, OBSERVABILITY_LOGGER],
    };
  }
}
