import type { Server as HttpServer } from 'node:http';
import { request as httpRequest, Agent } from 'node:http';
import type { ArgumentsHost, CanActivate, ExceptionFilter, INestApplication } from '@nestjs/common';
import {
  BadRequestException,
  Catch,
  Controller,
  Get,
  Injectable,
  Module,
  Param,
  ParseIntPipe,
  Post,
  UseFilters,
  UseGuards,
  VersioningType,
} from '@nestjs/common';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import type { ObservabilityModuleOptions } from 'nestjs-observability';
import type { AdapterName } from './support/nest-app';
import { startNestApp } from './support/nest-app';
import { waitFor } from './support/ports';

class DomainError extends Error {}

@Catch(DomainError)
class DomainErrorFilter implements ExceptionFilter {
  catch(_error: DomainError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<{
      status?: (n: number) => unknown;
      code?: (n: number) => unknown;
      send: (b: unknown) => unknown;
    }>();
    // Express has status(), Fastify's reply has code(): both set 422.
    const withStatus = (response.status ?? response.code)?.call(response, 422) as {
      send: (b: unknown) => unknown;
    };
    withStatus.send({ statusCode: 422, message: 'unprocessable' });
  }
}

@Injectable()
class DenyGuard implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Controller({ path: 'models', version: '1' })
class ModelsController {
  @Get(':id')
  find(@Param('id', ParseIntPipe) id: number): { id: number } {
    return { id };
  }

  @Post(':id/train')
  train(): never {
    throw new BadRequestException('no data');
  }

  @Get(':id/crash')
  crash(): never {
    throw new Error('boom');
  }

  @Get(':id/domain')
  @UseFilters(DomainErrorFilter)
  domain(): never {
    throw new DomainError('rule broken');
  }

  @Get(':id/secret')
  @UseGuards(DenyGuard)
  secret(): string {
    return 'never';
  }

  @Get(':id/slow')
  async slow(): Promise<string> {
    await sleep(1000);
    return 'slow';
  }
}

@Controller()
class ProbeController {
  @Get('status')
  health(): string {
    return 'ok';
  }

  @Get('checks/:name')
  check(@Param('name') name: string): string {
    return `${name} ok`;
  }
}

function moduleWith(options: Partial<ObservabilityModuleOptions['metrics']> = {}) {
  @Module({
    imports: [
      ObservabilityModule.forRoot({
        serviceName: 'http-metrics-e2e',
        metrics: options,
        http: { excludePaths: ['/metrics', '/health', '/ready', '/status', '/api/checks/:name'] },
      }),
    ],
    controllers: [ModelsController, ProbeController],
  })
  class HttpAppModule {}
  return HttpAppModule;
}

function startApp(adapter: AdapterName, metrics = {}): Promise<INestApplication> {
  return startNestApp(moduleWith(metrics), {
    adapter,
    configure: (app) => {
      app.setGlobalPrefix('api', { exclude: ['status'] });
      app.enableVersioning({ type: VersioningType.URI });
    },
  });
}

/** Sends `count` requests on keep-alive connections, `concurrency` at a time. */
async function flood(
  port: number,
  count: number,
  path: (i: number) => string,
  concurrency = 32,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: path(i), agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
}

describe.each(['express', 'fastify'] as const)('HTTP golden signals on %s', (adapter) => {
  let kit: ObservabilityTestKit;
  let app: INestApplication;
  let port: number;
  const count = (labels: Record<string, string>) => kit.counterValue('http_requests_total', labels);

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    app = await startApp(adapter);
    port = (app.getHttpServer().address() as { port: number }).port;
  });
  beforeEach(() => kit.reset());
  afterAll(async () => {
    await app.close();
    await kit.stop();
  });

  it('labels requests with the route template, global prefix and version included', async () => {
    await request(app.getHttpServer()).get('/api/v1/models/7').expect(200);
    await request(app.getHttpServer()).get('/api/v1/models/8').expect(200);
    expect(
      await count({
        method: 'GET',
        route: '/api/v1/models/:id',
        status: '200',
      }),
    ).toBe(2);
    const duration = await kit.histogram('http_request_duration_seconds', {
      route: '/api/v1/models/:id',
    });
    expect(duration.count).toBe(2);
    expect(Object.keys(duration.buckets)).toContain('0.2');
  });

  it('records the status the client saw: pipes, HttpExceptions, errors, filters, guards', async () => {
    const http = request(app.getHttpServer());
    await http.get('/api/v1/models/not-a-number').expect(400);
    await http.post('/api/v1/models/1/train').expect(400);
    await http.get('/api/v1/models/1/crash').expect(500);
    await http.get('/api/v1/models/1/domain').expect(422);
    await http.get('/api/v1/models/1/secret').expect(403);
    expect(await count({ route: '/api/v1/models/:id', status: '400' })).toBe(1);
    expect(
      await count({
        method: 'POST',
        route: '/api/v1/models/:id/train',
        status: '400',
      }),
    ).toBe(1);
    expect(await count({ route: '/api/v1/models/:id/crash', status: '500' })).toBe(1);
    expect(await count({ route: '/api/v1/models/:id/domain', status: '422' })).toBe(1);
    expect(await count({ route: '/api/v1/models/:id/secret', status: '403' })).toBe(1);
  });

  it('counts a request whose client hung up as 499, and tracks requests in flight', async () => {
    const slow499 = { route: '/api/v1/models/:id/slow', status: '499' };
    const before = await count(slow499);
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/models/1/slow' });
    const aborted = new Promise<void>((resolve) => req.on('error', () => resolve()));
    req.end();
    // Judged from what the server saw, not from a fixed delay: a loaded machine is slow to accept.
    await waitFor('the slow request in flight', async () => {
      return (await kit.counterValue('http_requests_active', { method: 'GET' })) === 1;
    });
    req.destroy();
    await aborted;
    await waitFor('the hung-up request counted', async () => (await count(slow499)) === before + 1);
    expect(await kit.counterValue('http_requests_active', { method: 'GET' })).toBe(0);
  });

  it('counts a request the server timed out before answering as 499', async () => {
    const slow499 = { route: '/api/v1/models/:id/slow', status: '499' };
    const before = await count(slow499);
    const server = app.getHttpServer() as HttpServer;
    server.setTimeout(100);
    try {
      await new Promise<void>((resolve) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          path: '/api/v1/models/2/slow',
        });
        req.on('error', () => resolve());
        req.on('response', (res) => res.resume().on('end', resolve));
        req.end();
      });
      await waitFor(
        'the timed-out request counted',
        async () => (await count(slow499)) === before + 1,
      );
    } finally {
      server.setTimeout(0);
    }
  });

  it('puts unknown methods under OTHER', async () => {
    await new Promise<void>((resolve) => {
      httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/models/1',
          method: 'PROPFIND',
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      ).end();
    });
    expect(await count({ method: 'OTHER' })).toBe(1);
  });

  it('does not record excluded paths', async () => {
    await request(app.getHttpServer()).get('/status').expect(200, 'ok');
    expect(await count({})).toBe(0);
  });

  it('does not record the requests of an excluded route template, and leaves none active', async () => {
    for (const name of ['db', 'cache', 'model']) {
      await request(app.getHttpServer()).get(`/api/checks/${name}`).expect(200, `${name} ok`);
    }
    expect(await count({})).toBe(0);
    expect(await kit.counterValue('http_requests_active', { method: 'GET' })).toBe(0);
  });

  it('100,000 distinct random paths add one series, route="unmatched"', async () => {
    const series = async () =>
      (await kit.scrape()).split('\n').filter((l) => l.startsWith('http_requests_total{'));
    const before = await series();
    await flood(port, 100_000, (i) => `/${i.toString(36)}/${Math.random().toString(36).slice(2)}`);
    const added = (await series()).filter(
      (l) => !before.some((b) => b.split(' ')[0] === l.split(' ')[0]),
    );
    expect(added.length).toBeLessThanOrEqual(1);
    expect(await count({ method: 'GET', route: 'unmatched', status: '404' })).toBe(100_000);
    expect(
      (await series()).filter((l) => l.includes('route="unmatched"') && l.includes('method="GET"')),
    ).toHaveLength(1);
  }, 180_000);
});
