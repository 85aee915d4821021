import { Controller, Get, Injectable, Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ObservabilityModule, Traced } from 'nestjs-observability';
import type { NestSpansMode } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { startNestApp } from './support/nest-app';

@Injectable()
class Catalog {
  @Traced()
  find(): string {
    return 'found';
  }
}

@Controller('items')
class ItemsController {
  constructor(private readonly catalog: Catalog) {}

  @Get()
  list(): string {
    return this.catalog.find();
  }
}

function appModule(nestSpans: unknown): new () => unknown {
  @Module({
    imports: [
      ObservabilityModule.forRoot({
        serviceName: 'nest-spans-e2e',
        tracing: { nestSpans: nestSpans as NestSpansMode },
      }),
    ],
    controllers: [ItemsController],
    providers: [Catalog],
  })
  class NestSpansModule {}
  return NestSpansModule;
}

describe('tracing.nestSpans: which Nest-level spans a route gets', () => {
  let kit: ObservabilityTestKit;

  beforeAll(() => {
    kit = ObservabilityTestKit.start();
  });
  afterAll(() => kit.stop());

  it.each([
    ['both', ['controller ItemsController.list', 'handler ItemsController.list', 'Catalog.find']],
    ['controller', ['controller ItemsController.list', 'Catalog.find']],
    ['none', ['Catalog.find']],
  ] as const)('%s: %j, nested in that order', async (mode, expected) => {
    const app: INestApplication = await startNestApp(appModule(mode), { listen: false });
    try {
      kit.reset();
      await request(app.getHttpServer()).get('/items').expect(200, 'found');
      const spans = await kit.spans();
      // Outermost first: each span's parent is the one before it.
      const chain = expected.map((name) => spans.find((s) => s.name === name));
      expect(chain.map((s) => s?.name)).toEqual(expected);
      expect(spans.map((s) => s.name).filter((n) => !expected.includes(n as never))).toEqual([]);
      for (let i = 1; i < chain.length; i++) {
        expect(chain[i]?.parentSpanContext?.spanId).toBe(chain[i - 1]?.spanContext().spanId);
      }
    } finally {
      await app.close();
    }
  });

  it('an unknown value stops startup naming the option, the value and the fix', async () => {
    const moduleRef = Test.createTestingModule({ imports: [appModule('handler')] });
    await expect(moduleRef.compile()).rejects.toThrow(
      /tracing\.nestSpans.*"handler".*'both', 'controller' or 'none'.*Fix: pass 'controller'/s,
    );
  });
});
