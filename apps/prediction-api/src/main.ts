import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ObservabilityLogger } from 'nestjs-observability';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { APP_CONFIG } from './config/app-config.constants';
import type { AppConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), {
    bodyParser: false,
    bufferLogs: true,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(ObservabilityLogger));
  configureApp(app, config);
  await app.listen(config.port, config.host);
  new Logger('Bootstrap').log(`prediction-api listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  // A startup failure (bad configuration, unreadable model, unreachable database) names its fix.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
