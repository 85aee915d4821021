/**
 * A small Nest application for the tracing tests of both adapters, run in a process of its own
 * with the tracing preload: `node … adapter-app.fixture.ts express|fastify`. A prefixed,
 * parameterised POST route reads its JSON body and calls a traced service that logs. Writes its
 * port to file descriptor 3; its logs go to stdout.
 */
import 'reflect-metadata';
import { writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Injectable, Logger, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ObservabilityLogger, ObservabilityModule, Traced } from '../../libs/observability/src';

@Injectable()
class ItemsService {
  private readonly logger = new Logger(ItemsService.name);

  @Traced()
  async score(id: string, body: { x?: number }): Promise<{ id: string; score: number }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.logger.log(`scored item ${id}`);
    return { id, score: (body.x ?? 0) * 2 };
  }
}

@Controller('items')
class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Post(':id/score')
  score(@Param('id') id: string, @Body() body: { x?: number }) {
    return this.items.score(id, body);
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'adapter-fixture' })],
  controllers: [ItemsController],
  providers: [ItemsService],
})
class FixtureModule {}

async function main(): Promise<void> {
  const fastify = process.argv[2] === 'fastify';
  const app = fastify
    ? await NestFactory.create(FixtureModule, new FastifyAdapter(), { bufferLogs: true })
    : await NestFactory.create(FixtureModule, { bufferLogs: true });
  app.useLogger(app.get(ObservabilityLogger));
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  writeSync(3, `${port}\n`);
}

void main();
