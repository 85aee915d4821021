import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ObservabilityLogger } from 'nestjs-observability';
import { AppModule } from './app.module.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  app.useLogger(app.get(ObservabilityLogger));
  app.enableShutdownHooks(['SIGTERM'], { useProcessExit: true });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void bootstrap();
