import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { startNestApp } from './support/nest-app';
import { PingController } from './support/ping.controller';

@Module({
  imports: [
    ObservabilityModule.forRoot({ serviceName: 'prefix-e2e', metrics: { prefix: 'shop_' } }),
  ],
  controllers: [PingController],
})
class PrefixedModule {}

describe('metrics.prefix', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await startNestApp(PrefixedModule)));
  afterAll(() => app.close());

  it('prefixes the HTTP and runtime metrics', async () => {
    await request(app.getHttpServer()).get('/ping').expect(200);
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toMatch(
      /^shop_http_requests_total\{method="GET",route="\/ping",status="200"\} 1$/m,
    );
    expect(text).toContain('# TYPE shop_http_request_duration_seconds histogram');
    expect(text).toContain('# TYPE shop_http_requests_active gauge');
    expect(text).toContain('# TYPE shop_process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE shop_nodejs_eventloop_utilization_ratio gauge');
    expect(text).not.toMatch(/^http_requests_total/m);
  });
});
