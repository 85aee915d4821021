import { Global, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadAppConfig } from './app-config';
import { APP_CONFIG } from './app-config.constants';

/**
 * Validates the environment once, when the module is built, and provides the typed result as
 * `APP_CONFIG`, and as the `app` namespace of Nest's `ConfigService`.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const config = loadAppConfig(env);
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ app: config })] }),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG, ConfigModule],
    };
  }
}
