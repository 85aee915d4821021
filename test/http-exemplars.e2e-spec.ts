import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { startNestApp } from './support/nest-app';
import { PingController } from './support/ping.controller';

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'http-exemplars-e2e' })],
  controllers: [PingController],
})
class PingModule {}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

/**
 * Makes the server handle each request inside a context holding a server span, as
 * OpenTelemetry's http instrumentation does (it wraps the server's `emit('request')`). Stands in
 * for that instrumentation, which the tracing issue adds, at the same boundary.
 */
function emitInsideSpan(server: Server, sampled: boolean): void {
  const emit = server.emit.bind(server);
  let n = 0;
  server.emit = ((event: string, ...args: unknown[]) => {
    if (event !== 'request') return emit(event, ...args);
    const spanContext = {
      traceId: TRACE_ID,
      spanId: (++n).toString(16).padStart(16, '0'),
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    };
    return context.with(trace.setSpanContext(context.active(), spanContext), () =>
      emit(event, ...args),
    );
  }) as Server['emit'];
}

describe('exemplars on the HTTP metrics', () => {
  let kit: ObservabilityTestKit;
  let app: INestApplication;
  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    app = await startNestApp(PingModule, { listen: false });
  });
  beforeEach(() => kit.reset());
  afterAll(async () => {
    await app.close();
    await kit.stop();
  });

  it('carry the trace id of a sampled request span, in OpenMetrics only', async () => {
    emitInsideSpan(app.getHttpServer() as Server, true);
    await request(app.getHttpServer()).get('/ping').expect(200);
    const om = await request(app.getHttpServer())
      .get('/metrics')
      .set('accept', 'application/openmetrics-text')
      .expect(200);
    expect(om.text).toMatch(
      new RegExp(
        `^http_request_duration_seconds_bucket\\{method="GET",route="/ping",status="200",le="[^"]+"\\} 1 # \\{trace_id="${TRACE_ID}",span_id="[0-9a-f]{16}"\\} [0-9.e-]+ [0-9.]+$`,
        'm',
      ),
    );
    expect(om.text).toMatch(
      new RegExp(
        `^http_requests_total\\{method="GET",route="/ping",status="200"\\} 1 # \\{trace_id="${TRACE_ID}"`,
        'm',
      ),
    );
    const text = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(text.text).not.toContain(TRACE_ID);
  });
});

describe('no exemplar for an unsampled request span', () => {
  let kit: ObservabilityTestKit;
  let app: INestApplication;
  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    app = await startNestApp(PingModule, { listen: false });
    kit.reset();
  });
  afterAll(async () => {
    await app.close();
    await kit.stop();
  });

  it('leaves the samples without exemplars', async () => {
    emitInsideSpan(app.getHttpServer() as Server, false);
    await request(app.getHttpServer()).get('/ping').expect(200);
    const om = await request(app.getHttpServer())
      .get('/metrics')
      .set('accept', 'application/openmetrics-text')
      .expect(200);
    expect(om.text).toContain('http_requests_total{method="GET",route="/ping",status="200"} 1');
    expect(om.text).not.toContain('trace_id');
  });
});
