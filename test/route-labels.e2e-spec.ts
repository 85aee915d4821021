import type { INestApplication } from '@nestjs/common';
import { All, Controller, Module, NotFoundException, Param } from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { seriesValue, startNestApp } from './support/nest-app';

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
  controllers: [FilesController],
})
class RouteLabelsModule {}

// Express only: Fastify's routes name their wildcard differently (`*`), and its route template
// comes from Fastify itself (`routeOptions.url`), which its not-found handler does not set.
describe('route labels of 404s on express, under a global prefix', () => {
  let app: INestApplication;
  beforeAll(
    async () =>
      (app = await startNestApp(RouteLabelsModule, {
        configure: (nest) => nest.setGlobalPrefix('api'),
      })),
  );
  afterAll(() => app.close());

  it('a 404 from the application’s own wildcard route keeps its route; a path no route serves is unmatched', async () => {
    const counted = await request(app.getHttpServer()).get('/metrics');
    const wildcard = counted.text
      .split('\n')
      .find((l) => l.startsWith('http_requests_total{') && l.includes('status="404"'));
    expect(wildcard).toBeUndefined();

    expect((await request(app.getHttpServer()).get('/api/files/known.txt')).status).toBe(200);
    expect((await request(app.getHttpServer()).get('/api/files/a/missing.txt')).status).toBe(404);
    expect((await request(app.getHttpServer()).get('/api/nothing/here')).status).toBe(404);

    const labels = (route: string, status: string) =>
      `http_requests_total{method="GET",route="${route}",status="${status}"}`;
    const template = '/api/files/*path';
    expect(await seriesValue(app, labels(template, '200'))).toBe(1);
    expect(await seriesValue(app, labels(template, '404'))).toBe(1);
    expect(await seriesValue(app, labels('unmatched', '404'))).toBe(1);
  });
});
