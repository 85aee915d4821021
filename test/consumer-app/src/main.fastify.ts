import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ObservabilityLogger } from 'nestjs-observability';
import { AppModule } from './app.module.js';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(ObservabilityLogger));
  app.enableShutdownHooks(['SIGTERM'], { useProcessExit: true });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void bootstrap();
