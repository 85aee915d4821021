import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { seriesValue, startNestApp } from './support/nest-app';
import {
  configureRouteLabels,
  ModelsController,
  StatusController,
} from './support/route-label-app';

/** The same without the wildcard route, whose syntax Fastify's router does not take. */
@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'route-labels-fastify-e2e' })],
  controllers: [ModelsController, StatusController],
})
class FastifyRouteLabelsModule {}

describe('route labels of 404s on fastify, under a global prefix with an exclusion', () => {
  let app: INestApplication;
  beforeAll(
    async () =>
      (app = await startNestApp(FastifyRouteLabelsModule, {
        adapter: 'fastify',
        configure: configureRouteLabels,
      })),
  );
  afterAll(() => app.close());

  it('a 404 from a versioned route with a parameter keeps its route; from no route, unmatched', async () => {
    expect((await request(app.getHttpServer()).get('/api/v1/models/7')).status).toBe(404);
    expect((await request(app.getHttpServer()).get('/api/nothing/here')).status).toBe(404);
    expect((await request(app.getHttpServer()).get('/status')).status).toBe(200);
    const labels = (route: string, status: string) =>
      `http_requests_total{method="GET",route="${route}",status="${status}"}`;
    expect(await seriesValue(app, labels('/api/v1/models/:id', '404'))).toBe(1);
    expect(await seriesValue(app, labels('unmatched', '404'))).toBe(1);
    expect(await seriesValue(app, labels('/status', '200'))).toBe(1);
  });
});
