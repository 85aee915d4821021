import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { startNestApp } from './support/nest-app';

@Module({
  imports: [
    ObservabilityModule.forRoot({
      serviceName: 'sdk-routes-e2e',
      http: { excludePaths: ['/health'] },
    }),
  ],
})
class NotExcludedModule {}

/** Its own file: the HTTP metric families' limits are fixed per process by their first definition. */
describe('the SDK endpoints in the HTTP metrics, when not excluded', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await startNestApp(NotExcludedModule)));
  afterAll(() => app.close());

  it('are recorded under their own path, never as unmatched', async () => {
    await request(app.getHttpServer()).get('/ready').expect(200);
    await request(app.getHttpServer()).get('/health').expect(200);
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/ready",status="200"\} 1$/m);
    expect(text).not.toMatch(/route="\/health"/);
    expect(text).not.toMatch(/route="unmatched"/);
  });
});
