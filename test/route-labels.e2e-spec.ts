import type { INestApplication } from '@nestjs/common';
import { All, Controller, Module, NotFoundException, Param } from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { seriesValue, startNestApp } from './support/nest-app';
import {
  configureRouteLabels,
  ModelsController,
  StatusController,
} from './support/route-label-app';

@Controller('files')
class FilesController {
  /** A wildcard route of the application's own, for every method, that answers 404 for a file it does not have. */
  @All('*path')
  read(@Param('path') path: string | string[]): string {
    const name = Array.isArray(path) ? path.join('/') : path;
    if (name !== 'known.txt') throw new NotFoundException(`no file ${name}`);
    return 'content';
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'route-labels-e2e' })],
  controllers: [FilesController, ModelsController, StatusController],
})
class RouteLabelsModule {}

describe('route labels of 404s on express, under a global prefix with an exclusion', () => {
  let app: INestApplication;
  beforeAll(
    async () => (app = await startNestApp(RouteLabelsModule, { configure: configureRouteLabels })),
  );
  afterAll(() => app.close());

  it('a 404 from one of the application’s routes (a wildcard, a versioned parameter) keeps its route; from no route, unmatched', async () => {
    expect((await request(app.getHttpServer()).get('/api/files/known.txt')).status).toBe(200);
    expect((await request(app.getHttpServer()).get('/api/files/a/missing.txt')).status).toBe(404);
    expect((await request(app.getHttpServer()).get('/api/nothing/here')).status).toBe(404);
    expect((await request(app.getHttpServer()).get('/api/v1/models/7')).status).toBe(404);
    // A method the route excluded from the prefix does not serve: Nest's not-found handler there.
    expect((await request(app.getHttpServer()).post('/status')).status).toBe(404);
    expect((await request(app.getHttpServer()).get('/status')).status).toBe(200);

    const labels = (route: string, status: string) =>
      `http_requests_total{method="GET",route="${route}",status="${status}"}`;
    const template = '/api/files/*path';
    expect(await seriesValue(app, labels(template, '200'))).toBe(1);
    expect(await seriesValue(app, labels(template, '404'))).toBe(1);
    expect(await seriesValue(app, labels('unmatched', '404'))).toBe(1);
    expect(await seriesValue(app, labels('/status', '200'))).toBe(1);
    expect(await seriesValue(app, labels('/api/v1/models/:id', '404'))).toBe(1);
    const post = 'http_requests_total{method="POST",route="unmatched",status="404"}';
    expect(await seriesValue(app, post)).toBe(1);
  });
});
