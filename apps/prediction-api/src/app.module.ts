import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ObservabilityModule } from 'nestjs-observability';
import type { AppConfig } from './config/app-config';
import { loadAppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { HealthModule } from './health/health.module';
import { ModelModule } from './model/model.module';
import { SLOS } from './observability/slos';
import { ScoringJobsModule } from './jobs/scoring-jobs.module';
import { PredictionModule } from './prediction/prediction.module';

/** The sample ML prediction service, configured from `env` (the process environment by default). */
@Module({})
export class AppModule {
  /**
   * Validates the environment and loads the model before anything else is built: bad settings or
   * a bad model file stop startup with a message naming the fix, before any connection is opened.
   * The observability module is defined first all the same: from then on, Nest's logger writes
   * the SDK's JSON lines (secrets redacted), so that message is one of them.
   */
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const observability = ObservabilityModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const app = config.getOrThrow<AppConfig>('app');
        return {
          serviceName: app.serviceName,
          // No logging.level: the SDK reads LOG_LEVEL (and LOG_FORMAT) itself.
          slos: SLOS,
          health: {
            drainDelayMs: app.shutdownDrainMs,
            shutdownTimeoutMs: app.shutdownTimeoutMs,
          },
        };
      },
    });
    const config = loadAppConfig(env);
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ModelModule.forRoot(config.modelPath),
        observability,
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        PredictionModule,
        ScoringJobsModule.forRoot(config.redisUrl),
        HealthModule,
      ],
    };
  }
}
