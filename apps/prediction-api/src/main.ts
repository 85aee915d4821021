import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ObservabilityLogger } from 'nestjs-observability';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { APP_CONFIG } from './config/app-config.constants';
import { connectNats, startNats } from './messaging/nats-transport';
import type { AppConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  // abortOnError false: a startup failure comes back here, instead of Nest printing it its way.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(app.get(ObservabilityLogger));
  configureApp(app, config);
  connectNats(app, config);
  await app.listen(config.port, config.host);
  void startNats(app, config);
  new Logger('Bootstrap').log(`prediction-api listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  // What lands here is a bad setting, model file or port (a dependency that is down is not a
  // startup failure: the service starts not ready), and its message names the fix. Written
  // through Nest's logger, which the SDK makes write its JSON lines with secrets redacted, the
  // error's type, message and stack included.
  new Logger('Bootstrap').fatal(error instanceof Error ? error : String(error));
  Logger.flush(); // lines buffered while the application was being built
  process.exit(1);
});
