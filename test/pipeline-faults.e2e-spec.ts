import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Controller, Get, Module, Req } from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { seriesValue, startNestApp } from './support/nest-app';

@Controller('odd')
class OddController {
  /** A request whose route cannot be read when its response ends (the framework's state broke). */
  @Get()
  answer(@Req() req: IncomingMessage): string {
    Object.defineProperty(req, 'route', {
      configurable: true,
      get() {
        throw new Error('route state broken');
      },
    });
    return 'ok';
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'pipeline-faults-e2e' })],
  controllers: [OddController],
})
class PipelineFaultsModule {}

describe('a request whose outcome cannot be fully resolved', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await startNestApp(PipelineFaultsModule, { adapter: 'express' })));
  afterAll(() => app.close());

  it('is still answered and recorded without its route, and leaves no request in flight', async () => {
    const counted = 'http_requests_total{method="GET",route="unmatched",status="200"}';
    const failures = 'observability_instrumentation_errors_total{stage="record-count"}';
    const before = {
      counted: await seriesValue(app, counted),
      failures: await seriesValue(app, failures),
    };
    const answer = await request(app.getHttpServer()).get('/odd');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('ok');
    expect(await seriesValue(app, counted)).toBe((before.counted ?? 0) + 1);
    expect(await seriesValue(app, failures)).toBe((before.failures ?? 0) + 1);
    expect(await seriesValue(app, 'http_requests_active{method="GET"}')).toBe(0);
  });
});
