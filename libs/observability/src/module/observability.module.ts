import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { GracefulShutdown } from '../health/graceful-shutdown';
import { HealthEndpoints } from '../health/health-endpoints';
import { DatabaseHealthIndicator } from '../health/indicators/database.health';
import { ModelHealthIndicator } from '../health/indicators/model.health';
import { RedisHealthIndicator } from '../health/indicators/redis.health';
import { ReadinessChecks } from '../health/readiness-checks';
import { RequestPipeline } from '../http/request-pipeline';
import { SdkRoutes } from '../http/sdk-routes';
import { ManagementServer } from '../management/management-server';
import { RuntimeControls } from '../management/runtime-controls';
import { EventListeners } from '../messaging/event-listeners';
import { JobInstrumentation } from '../jobs/job-instrumentation';
import { MessagingInstrumentation } from '../messaging/messaging-instrumentation';
import { ScheduledTaskObserver } from '../scheduling/scheduled-task-observer';
import { ScheduledTasks } from '../scheduling/scheduled-tasks';
import { MetricsEndpoint } from './metrics.endpoint';
import { SloCheck } from './slo-check';
import { TelemetryLink } from './telemetry-link';
import { ObservabilityConfigurableModule } from './observability.module-definition';

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
  imports: [TerminusModule.forRoot({ logger: false }), DiscoveryModule],
  providers: [
    TelemetryLink,
    SdkRoutes,
    RequestPipeline,
    MessagingInstrumentation,
    ScheduledTasks,
    ScheduledTaskObserver,
    EventListeners,
    JobInstrumentation,
    MetricsEndpoint,
    ManagementServer,
    RuntimeControls,
    ReadinessChecks,
    HealthEndpoints,
    GracefulShutdown,
    SloCheck,
    ModelHealthIndicator,
    DatabaseHealthIndicator,
    RedisHealthIndicator,
  ],
  exports: [
    ReadinessChecks,
    ScheduledTaskObserver,
    ModelHealthIndicator,
    DatabaseHealthIndicator,
    RedisHealthIndicator,
  ],
})
export class ObservabilityModule extends ObservabilityConfigurableModule {}
