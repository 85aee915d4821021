import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ClientProxy } from '@nestjs/microservices';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { SpanKind, trace } from '@opentelemetry/api';
import { firstValueFrom, timeout } from 'rxjs';
import request from 'supertest';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { AppModule } from '../apps/prediction-api/src/app.module';
import { configureApp } from '../apps/prediction-api/src/app.setup';
import type { AppConfig } from '../apps/prediction-api/src/config/app-config';
import { APP_CONFIG } from '../apps/prediction-api/src/config/app-config.constants';
import { connectNats, startNats } from '../apps/prediction-api/src/messaging/nats-transport';
import { FLOWERS } from './support/app';
import { PrivateNats } from './support/nats';
import { waitFor } from './support/ports';

describe('the sample service answers the predict pattern over NATS (private NATS server)', () => {
  let kit: ObservabilityTestKit;
  let nats: PrivateNats;
  let app: NestExpressApplication;
  let client: ClientProxy;

  const ask = (body: unknown, ms = 5000) =>
    firstValueFrom(client.send<Record<string, unknown>>('predict', body).pipe(timeout(ms)));

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    nats = await PrivateNats.start();
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ LOG_LEVEL: 'silent', NATS_URL: nats.url })],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({
      bodyParser: false,
      logger: false,
    });
    const config = app.get<AppConfig>(APP_CONFIG);
    configureApp(app, config);
    connectNats(app, config);
    await app.listen(0, '127.0.0.1');
    await startNats(app, config);
    client = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: [nats.url], maxReconnectAttempts: -1, reconnectTimeWait: 100 },
    });
    await client.connect();
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await nats?.kill();
    await kit?.stop();
  });

  it('the same answer as POST /predict, in one trace from the caller to the handler', async () => {
    const http = await request(app.getHttpServer()).post('/predict').send(FLOWERS.setosa);
    const answer = await trace.getTracer('test').startActiveSpan('caller', async (span) => {
      try {
        return await ask(FLOWERS.setosa);
      } finally {
        span.end();
      }
    });
    expect(typeof answer.id).toBe('number');
    expect({ ...answer, id: http.body.id as number }).toEqual(http.body);
    const spans = await kit.spans();
    const caller = spans.find((s) => s.name === 'caller');
    const server = spans.find((s) => s.name === 'predict' && s.kind === SpanKind.SERVER);
    expect(server?.spanContext().traceId).toBe(caller?.spanContext().traceId);
    expect(server?.attributes).toMatchObject({ 'rpc.system': 'nats', 'rpc.method': 'predict' });
    expect(
      (
        await kit.histogram('rpc_server_duration_seconds', {
          rpc_system: 'nats',
          rpc_method: 'predict',
          outcome: 'success',
        })
      ).count,
    ).toBe(1);
  });

  it('a bad body is refused with the 400 answer of the HTTP route, field by field', async () => {
    const bad = { ...FLOWERS.setosa, petalWidth: 'wide' };
    const http = await request(app.getHttpServer()).post('/predict').send(bad);
    expect(http.status).toBe(400);
    await expect(ask(bad)).rejects.toEqual(http.body);
    await expect(ask('not an object')).rejects.toMatchObject({ statusCode: 400 });
  });

  it('NATS going away: HTTP keeps serving; once NATS is back, requests are answered again', async () => {
    const ready = () => request(app.getHttpServer()).get('/ready');
    expect(JSON.stringify((await ready()).body)).toContain('"nats":"up"');
    await nats.kill();
    const during = await request(app.getHttpServer()).post('/predict').send(FLOWERS.virginica);
    expect(during.status).toBe(200);
    expect((await request(app.getHttpServer()).get('/health')).status).toBe(200);
    // NATS is reported down on /ready, which stays 200: HTTP predictions do not need it.
    await waitFor('NATS reported down', async () => {
      const answer = await ready();
      return answer.status === 200 && JSON.stringify(answer.body).includes('"nats":"down"');
    });
    await nats.restart();
    // A caller that connects now (the test's own client is Nest's, whose recovery is not ours).
    await waitFor(
      'an answer over NATS again',
      async () => {
        const caller = ClientProxyFactory.create({
          transport: Transport.NATS,
          options: { servers: [nats.url] },
        });
        try {
          const answer = await firstValueFrom(
            caller.send<{ prediction?: string }>('predict', FLOWERS.virginica).pipe(timeout(1000)),
          );
          return answer.prediction === 'virginica';
        } finally {
          await caller.close();
        }
      },
      20_000,
    );
    await waitFor('NATS reported up again', async () =>
      JSON.stringify((await ready()).body).includes('"nats":"up"'),
    );
  }, 40_000);
});
