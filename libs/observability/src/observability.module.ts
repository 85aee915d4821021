import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { GracefulShutdown } from './health/graceful-shutdown';
import { HealthEndpoints } from './health/health-endpoints';
import { DatabaseHealthIndicator } from './health/indicators/database.health';
import { ModelHealthIndicator } from './health/indicators/model.health';
import { RedisHealthIndicator } from './health/indicators/redis.health';
import { ReadinessChecks } from './health/readiness-checks';
import { HttpMetricsRecorder } from './http-metrics/http-metrics.recorder';
import { MetricsEndpoint } from './metrics/metrics-endpoint';
import { OBSERVABILITY_OPTIONS } from './observability.constants';
import { ManagementServer } from './server/management-server';
import { ServerRoutes } from './server/server-routes';
import { SloCheck } from './slo/slo-check';
import {
  ObservabilityConfigurableModule,
  RAW_OPTIONS_TOKEN,
} from './observability.module-definition';
import type { ObservabilityModuleOptions } from './options/observability-options.interface';
import { resolveOptions } from './options/resolve-options';

/**
 * The SDK's root module. Import it once, in the application's root module; it is global.
 * Options are validated once, when the application starts: an invalid option stops startup with
 * an `ObservabilityConfigError` naming the option, the bad value and the fix.
 *
 * @publicApi
 * @example
 * \@Module({ imports: [ObservabilityModule.forRoot({ serviceName: 'prediction-api' })] })
 * export class AppModule {}
 * @example
 * ObservabilityModule.forRootAsync({
 *   imports: [ConfigModule],
 *   inject: [ConfigService],
 *   useFactory: (config: ConfigService) => ({ serviceName: config.getOrThrow('SERVICE_NAME') }),
 * })
 */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  providers: [
    {
      provide: OBSERVABILITY_OPTIONS,
      inject: [RAW_OPTIONS_TOKEN],
      useFactory: (raw: ObservabilityModuleOptions) => resolveOptions(raw),
    },
    HttpMetricsRecorder,
    MetricsEndpoint,
    ServerRoutes,
    ManagementServer,
    ReadinessChecks,
    HealthEndpoints,
    GracefulShutdown,
    SloCheck,
    ModelHealthIndicator,
    DatabaseHealthIndicator,
    RedisHealthIndicator,
  ],
  exports: [
    OBSERVABILITY_OPTIONS,
    ReadinessChecks,
    ModelHealthIndicator,
    DatabaseHealthIndicator,
    RedisHealthIndicator,
  ],
})
export class ObservabilityModule extends ObservabilityConfigurableModule {}
