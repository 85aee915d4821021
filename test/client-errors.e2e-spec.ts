import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Body, Controller, Module, Post } from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import type { AdapterName } from './support/nest-app';
import { startNestApp } from './support/nest-app';

@Controller('items')
class ItemsController {
  @Post()
  create(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'client-errors-e2e' })],
  controllers: [ItemsController],
})
class ClientErrorsModule {}

/** Writes `bytes` on a raw connection and reads what comes back until the server closes it. */
function raw(app: INestApplication, bytes: string, timeoutMs = 5000): Promise<string> {
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms, got: ${answer}`));
    }, timeoutMs);
    socket.on('data', (d: Buffer) => (answer += String(d)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.write(bytes);
  });
}

async function requestsTotal(app: INestApplication, labels: string): Promise<number> {
  const text = (await request(app.getHttpServer()).get('/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`http_requests_total{${labels}} `));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe.each(['express', 'fastify'] as AdapterName[])(
  'requests Node rejects before the framework, on %s',
  (adapter) => {
    let app: INestApplication;
    beforeAll(async () => (app = await startNestApp(ClientErrorsModule, { adapter })));
    afterAll(() => app.close());

    it('a malformed request line is answered 400 and counted', async () => {
      const labels = 'method="OTHER",route="unmatched",status="400"';
      const before = await requestsTotal(app, labels);
      const answer = await raw(app, 'G@RBAGE / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect((await requestsTotal(app, labels)) - before).toBe(1);
    });

    it('headers over the size limit are answered 431 and counted', async () => {
      const big = `GET /items HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
      const labels = 'method="OTHER",route="unmatched",status="431"';
      const before = await requestsTotal(app, labels);
      const answer = await raw(app, big);
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      expect((await requestsTotal(app, labels)) - before).toBe(1);
    });

    it('a body the framework refuses before routing keeps the route it was sent to; an unknown path stays unmatched', async () => {
      const items = 'method="POST",route="/items",status="400"';
      const before = await requestsTotal(app, items);
      await request(app.getHttpServer())
        .post('/items')
        .set('content-type', 'application/json')
        .send('{"broken": ')
        .expect(400);
      await request(app.getHttpServer())
        .post('/nothing-here/42')
        .set('content-type', 'application/json')
        .send('{"broken": ')
        .expect((res) => expect([400, 404]).toContain(res.status));
      expect((await requestsTotal(app, items)) - before).toBe(1);
      const text = (await request(app.getHttpServer()).get('/metrics')).text;
      expect(text).not.toContain('nothing-here');
    });

    it('a client that resets its connection is not counted as rejected', async () => {
      const before = (await request(app.getHttpServer()).get('/metrics')).text;
      const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.resetAndDestroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const after = (await request(app.getHttpServer()).get('/metrics')).text;
      const rejected = (text: string) =>
        text
          .split('\n')
          .filter((l) => l.includes('method="OTHER",route="unmatched"'))
          .join('\n');
      expect(rejected(after)).toBe(rejected(before));
    });
  },
);

describe('requests Node answers itself while they are in flight, on express', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await startNestApp(ClientErrorsModule)));
  afterAll(() => app.close());

  it('a malformed chunked body is recorded with the 400 the client got, not as a hang-up (499)', async () => {
    const rejected = 'method="POST",route="/items",status="400"';
    const hungUp = 'method="POST",route="/items",status="499"';
    const before = [await requestsTotal(app, rejected), await requestsTotal(app, hungUp)];
    const answer = await raw(
      app,
      'POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect((await requestsTotal(app, rejected)) - (before[0] as number)).toBe(1);
    expect((await requestsTotal(app, hungUp)) - (before[1] as number)).toBe(0);
  });

  it('headers that never finish are answered 408 when the request times out, and counted', async () => {
    const server = app.getHttpServer() as Server;
    server.headersTimeout = 1000;
    server.requestTimeout = 1000;
    const labels = 'method="OTHER",route="unmatched",status="408"';
    const before = await requestsTotal(app, labels);
    // Node checks request timeouts every 30 s (its connectionsCheckingInterval).
    const answer = await raw(app, 'GET /items HTTP/1.1\r\nHost: x\r\n', 45_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect((await requestsTotal(app, labels)) - before).toBe(1);
  }, 60_000);
});
