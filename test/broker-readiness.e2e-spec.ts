import type { INestApplication } from '@nestjs/common';
import { Controller, Module } from '@nestjs/common';
import type { ClientProxy, MicroserviceOptions } from '@nestjs/microservices';
import { ClientProxyFactory, MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import request from 'supertest';
import { ObservabilityModule, ReadinessChecks } from 'nestjs-observability';
import { PrivateNats } from './support/nats';
import { startNestApp } from './support/nest-app';
import { PingController } from './support/ping.controller';
import { waitFor } from './support/ports';

@Controller()
class EchoController {
  @MessagePattern('echo')
  echo(@Payload() body: unknown): unknown {
    return body;
  }
}

@Module({
  imports: [
    ObservabilityModule.forRoot({
      serviceName: 'broker-readiness-e2e',
      health: { timeoutMs: 500, cacheMs: 0 },
    }),
  ],
  controllers: [PingController, EchoController],
})
class BrokerModule {}

describe('a broker registered as a critical readiness check (private NATS server killed and restarted)', () => {
  let nats: PrivateNats;
  let app: INestApplication;
  let client: ClientProxy;

  beforeAll(async () => {
    nats = await PrivateNats.start();
    app = await startNestApp(BrokerModule, {
      listen: false,
      configure: (nest) => {
        const server = nest.connectMicroservice<MicroserviceOptions>({
          transport: Transport.NATS,
          options: { servers: [nats.url], maxReconnectAttempts: -1, reconnectTimeWait: 100 },
        });
        // The server's own connection status, through its public `status` stream.
        let connected = false;
        server.status.subscribe((status) => (connected = status === 'connected'));
        nest
          .get(ReadinessChecks)
          .register(
            'nats',
            () => Promise.resolve({ nats: { status: connected ? 'up' : 'down' } }),
            { critical: true },
          );
      },
    });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    client = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: [nats.url], maxReconnectAttempts: -1, reconnectTimeWait: 100 },
    });
    await client.connect();
  }, 30_000);

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await nats?.kill();
  });

  const ready = () => request(app.getHttpServer()).get('/ready');
  const echo = (body: unknown) =>
    firstValueFrom(client.send<unknown>('echo', body).pipe(timeout(2000)));

  it('/ready is 503 naming the broker while it is away, 200 once it is back; HTTP serves throughout', async () => {
    await waitFor('ready with NATS up', async () => (await ready()).status === 200);
    await expect(echo({ n: 1 })).resolves.toEqual({ n: 1 });

    await nats.kill();
    await waitFor('not ready with NATS away', async () => (await ready()).status === 503);
    const away = await ready();
    expect(away.body).toMatchObject({ status: 'error' });
    expect(JSON.stringify(away.body)).toContain('nats');
    expect((await request(app.getHttpServer()).get('/ping')).text).toBe('pong');
    expect((await request(app.getHttpServer()).get('/health')).status).toBe(200);

    await nats.restart();
    await waitFor('ready again with NATS back', async () => (await ready()).status === 200);
    await waitFor('the pattern answered again', async () =>
      echo({ n: 2 }).then((answer) => JSON.stringify(answer) === '{"n":2}'),
    );
    expect((await request(app.getHttpServer()).get('/ping')).text).toBe('pong');
  }, 60_000);
});
