import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CanActivate, INestApplication } from '@nestjs/common';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Counter, Gauge, register } from 'prom-client';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import type { ObservabilityModuleOptions } from 'nestjs-observability';
import type { AdapterName } from './support/nest-app';
import { startNestApp } from './support/nest-app';
import { ManagementServer } from '../libs/observability/src/management/management-server';

@Injectable()
class DenyAll implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

@Controller('items')
class ItemsController {
  @Get()
  list(): string[] {
    return [];
  }
}

const userMetric = new Counter({
  name: 'user_signups_total',
  help: 'Signups.',
  registers: [register],
});

/**
 * A metric of the application's whose value is computed at each render: counts the renders, and
 * makes each take `renderMs` of the event loop, as a large registry does.
 */
let renders = 0;
let renderMs = 0;
new Gauge({
  name: 'user_render_probe',
  help: 'Counts the renders of the registry.',
  registers: [register],
  collect() {
    renders++;
    const until = performance.now() + renderMs;
    while (performance.now() < until); // the CPU a 10,000-series render takes
    this.set(renders);
  },
});

/**
 * Fifty scrapes at once, from another process (as scrapers are): fifty connections opened first,
 * then every request written in one go, so all are waiting when the first render runs. Returns
 * the status of each answer.
 */
async function scrapeStorm(url: string): Promise<number[]> {
  const { port } = new URL(url);
  const script = `
    const net = require('node:net');
    const sockets = Array.from({ length: 50 }, () => net.connect(${port}, '127.0.0.1'));
    Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r)))).then(() => {
      const answers = sockets.map((s) => new Promise((resolve) => {
        let text = '';
        s.on('data', (d) => (text += d));
        s.on('close', () => resolve(Number(text.split(' ')[1])));
      }));
      for (const s of sockets) s.write('GET /metrics HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n');
      return Promise.all(answers);
    }).then((statuses) => console.log(JSON.stringify(statuses)));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
  return JSON.parse(stdout) as number[];
}

async function scrapeText(app: INestApplication): Promise<string> {
  return (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
}

function startApp(
  adapter: AdapterName,
  metrics: ObservabilityModuleOptions['metrics'] = {},
): Promise<INestApplication> {
  @Module({
    imports: [ObservabilityModule.forRoot({ serviceName: 'metrics-endpoint-e2e', metrics })],
    controllers: [ItemsController],
    providers: [{ provide: APP_GUARD, useClass: DenyAll }],
  })
  class GuardedModule {}
  return startNestApp(GuardedModule, { adapter, configure: (app) => app.setGlobalPrefix('api') });
}

function urlOf(app: INestApplication): string {
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

describe.each(['express', 'fastify'] as const)('/metrics on %s', (adapter) => {
  describe('on the application port', () => {
    let app: INestApplication;
    beforeAll(async () => (app = await startApp(adapter)));
    afterAll(() => app.close());

    it('answers without the global prefix and without passing the global guards', async () => {
      await request(app.getHttpServer()).get('/api/items').expect(403);
      const scrape = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(scrape.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(scrape.headers['x-content-type-options']).toBe('nosniff');
      expect(scrape.text).toMatch(
        /^http_requests_total\{method="GET",route="\/api\/items",status="403"\} \d+$/m,
      );
    });

    it('includes the saturation signals of the process', async () => {
      const scrape = await request(app.getHttpServer()).get('/metrics').expect(200);
      for (const name of [
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_heap_size_used_bytes',
        'nodejs_eventloop_lag_p99_seconds',
        'nodejs_eventloop_utilization_ratio',
        'nodejs_gc_duration_seconds',
        'nodejs_active_handles',
      ]) {
        expect(scrape.text).toContain(`# TYPE ${name} `);
      }
    });

    it("includes the application's own prom-client metrics", async () => {
      userMetric.inc();
      const scrape = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(scrape.text).toMatch(/^user_signups_total \d+$/m);
    });

    it('renders a few times for a storm of fifty scrapes, and never answers a render older than the scrape', async () => {
      const before = renders;
      renderMs = 30;
      try {
        const statuses = await scrapeStorm(`${urlOf(app)}/metrics`);
        expect(statuses).toEqual(Array.from({ length: 50 }, () => 200));
      } finally {
        renderMs = 0;
      }
      // Scrapes waiting together share a render, and renders start at most every 100 ms.
      expect(renders - before).toBeLessThanOrEqual(4);
      // Right after the storm, a change and then a scrape: the scrape shows the change.
      for (let i = 0; i < 3; i++) {
        const rendered = renders;
        const value = Number(/^user_signups_total (\d+)$/m.exec(await scrapeText(app))?.[1]);
        userMetric.inc();
        const next = Number(/^user_signups_total (\d+)$/m.exec(await scrapeText(app))?.[1]);
        expect(next).toBe(value + 1);
        expect(renders - rendered).toBe(2);
      }
    });

    it('answers OpenMetrics when the scraper asks for it', async () => {
      const scrape = await request(app.getHttpServer())
        .get('/metrics')
        .set('accept', 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5')
        .expect(200);
      expect(scrape.headers['content-type']).toBe(
        'application/openmetrics-text; version=1.0.0; charset=utf-8',
      );
      expect(scrape.text).toMatch(/^# TYPE http_requests counter$/m);
      expect(scrape.text.endsWith('# EOF\n')).toBe(true);
    });
  });

  describe.each([
    [
      'a bearer token',
      { bearerToken: 'scrape-token-0123456789' },
      'Bearer scrape-token-0123456789',
    ],
    [
      'basic credentials',
      { username: 'prometheus', password: 'scrape-pass' },
      `Basic ${Buffer.from('prometheus:scrape-pass').toString('base64')}`,
    ],
  ] as const)('behind metrics.auth with %s on the application port', (_case, auth, header) => {
    let app: INestApplication;
    beforeAll(async () => (app = await startApp(adapter, { auth })));
    afterAll(() => app.close());

    it('answers 401 with the challenge without the credentials, 200 with them; the probes never ask', async () => {
      const http = () => request(app.getHttpServer());
      const scheme = 'bearerToken' in auth ? 'Bearer' : 'Basic';
      for (const wrong of [undefined, `${scheme} wrong`, 'Bearer ', 'Basic Og==']) {
        const req = http().get('/metrics');
        const refused = await (wrong === undefined ? req : req.set('authorization', wrong)).expect(
          401,
        );
        expect(refused.headers['www-authenticate']).toBe(`${scheme} realm="nestjs-observability"`);
        expect(refused.text).not.toContain('# TYPE');
      }
      const scrape = await http().get('/metrics').set('authorization', header).expect(200);
      expect(scrape.text).toContain('# TYPE http_requests_total counter');
      await http().get('/health').expect(200);
      await http().get('/ready').expect(200);
    });
  });

  describe('on a management port', () => {
    let app: INestApplication;
    beforeAll(async () => (app = await startApp(adapter, { port: 0, host: '127.0.0.1' })));
    afterAll(() => app.close());

    it('serves /metrics there, and the public port answers 404, with or without the prefix', async () => {
      await request(app.getHttpServer()).get('/metrics').expect(404);
      await request(app.getHttpServer()).get('/api/metrics').expect(404);
      const port = app.get(ManagementServer).port as number;
      const scrape = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
      expect(scrape.text).toContain('# TYPE http_requests_total counter');
      expect(scrape.headers['x-content-type-options']).toBe('nosniff');
      await request(`http://127.0.0.1:${port}`).get('/other').expect(404);
    });
  });
});
