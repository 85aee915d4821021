import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ObservabilityModule } from '@app/observability';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/app-config.module';
import { PredictionModule } from './prediction/prediction.module';

/** The sample ML prediction service, configured from `env` (the process environment by default). */
@Module({})
export class AppModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(env),
        ObservabilityModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            serviceName: config.getOrThrow<AppConfig>('app').serviceName,
          }),
        }),
        PredictionModule,
      ],
    };
  }
}
