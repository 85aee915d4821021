import type { INestApplication } from '@nestjs/common';
import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { startNestApp } from './support/nest-app';

@Controller()
class RoutesController {
  @Get('a')
  a(): string {
    return 'a';
  }
  @Get('b')
  b(): string {
    return 'b';
  }
  @Get('c')
  c(): string {
    return 'c';
  }
}

@Module({
  imports: [
    ObservabilityModule.forRoot({
      serviceName: 'http-metrics-cap',
      metrics: { maxSeries: 2 },
      http: { excludePaths: [] },
    }),
  ],
  controllers: [RoutesController],
})
class CappedModule {}

/** Its own file: a metric's series limit is fixed by its first definition in a process. */
describe('the series cap of the HTTP metrics', () => {
  let kit: ObservabilityTestKit;
  let app: INestApplication;
  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    app = await startNestApp(CappedModule, { listen: false });
  });
  afterAll(async () => {
    await app.close();
    await kit.stop();
  });

  it('folds series beyond the limit into __overflow__ and counts each folded request', async () => {
    const http = request(app.getHttpServer());
    for (const path of ['/a', '/b', '/c', '/c', '/nowhere']) await http.get(path);
    expect(await kit.counterValue('http_requests_total', { route: '/a' })).toBe(1);
    expect(await kit.counterValue('http_requests_total', { route: '/b' })).toBe(1);
    expect(await kit.counterValue('http_requests_total', { route: '__overflow__' })).toBe(3);
    expect(
      await kit.counterValue('observability_series_overflow_total', {
        metric: 'http_requests_total',
      }),
    ).toBe(3);
  });
});
