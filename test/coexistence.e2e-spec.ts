import type { INestApplication, Type } from '@nestjs/common';
import { Controller, Get, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { register } from 'prom-client';
import request from 'supertest';
import type { ObservabilityModuleOptions } from 'nestjs-observability';
import { ObservabilityConfigError, ObservabilityModule } from 'nestjs-observability';
import { startNestApp } from './support/nest-app';
import { promtoolCheckMetrics } from './support/promtool';
import { ManagementServer } from '../libs/observability/src/management/management-server';

@Controller('health')
class OwnHealthController {
  @Get()
  check(): { mine: true } {
    return { mine: true };
  }
}

@Controller('metrics')
class OwnMetricsController {
  @Get()
  render(): string {
    return '# my metrics';
  }
}

@Controller('orders')
class OrdersController {
  @Get(':id')
  one(): { id: 1 } {
    return { id: 1 };
  }
}

/** An app that already serves `/metrics` with @willsoto/nestjs-prometheus (default metrics on). */
function withWillsoto(options: Partial<ObservabilityModuleOptions> = {}): Type {
  @Module({
    imports: [
      PrometheusModule.register(),
      ObservabilityModule.forRoot({ serviceName: 'coexistence-e2e', ...options }),
    ],
    controllers: [OrdersController],
  })
  class AppModule {}
  return AppModule;
}

function withOwnHealth(options: Partial<ObservabilityModuleOptions> = {}): Type {
  @Module({
    imports: [ObservabilityModule.forRoot({ serviceName: 'coexistence-e2e', ...options })],
    controllers: [OwnHealthController],
  })
  class AppModule {}
  return AppModule;
}

/** An app that already serves `/metrics` with a controller of its own. */
function withOwnMetrics(options: Partial<ObservabilityModuleOptions> = {}): Type {
  @Module({
    imports: [ObservabilityModule.forRoot({ serviceName: 'coexistence-e2e', ...options })],
    controllers: [OwnMetricsController],
  })
  class AppModule {}
  return AppModule;
}

async function startupError(
  module: Type,
  configure?: (app: INestApplication) => void,
): Promise<ObservabilityConfigError> {
  const error = await startNestApp(module, { configure }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(ObservabilityConfigError);
  return error as ObservabilityConfigError;
}

describe('an application that already serves one of the SDK paths', () => {
  let app: INestApplication | undefined;

  // @willsoto/nestjs-prometheus registers prom-client's default metrics when its module is built:
  // every test starts from an empty registry, as a process does.
  beforeEach(() => register.clear());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("refuses to start over @willsoto/nestjs-prometheus's /metrics, naming both and every fix", async () => {
    const error = await startupError(withWillsoto());
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.option).toBe('metrics.path');
    expect(error.message).toContain('GET /metrics is mapped to PrometheusController.index too');
    expect(error.message).toContain("metrics.path: '/observability/metrics'");
    expect(error.message).toContain('metrics.port: 9464');
    expect(error.message).toContain('metrics.path: false');
    expect(error.message).toContain('PrometheusModule.register()');
  });

  it("refuses to start over the app's own /metrics controller, naming metrics.path and its fixes", async () => {
    const error = await startupError(withOwnMetrics());
    expect(error.problems.map((p) => p.option)).toEqual(['metrics.path']);
    expect(error.message).toContain('GET /metrics is mapped to OwnMetricsController.render too');
    expect(error.message).toContain("metrics.path: '/observability/metrics'");
    expect(error.message).toContain('metrics.path: false');

    app = await startNestApp(withOwnMetrics({ metrics: { path: '/observability/metrics' } }));
    await request(app.getHttpServer()).get('/metrics').expect(200, '# my metrics');
    const scrape = await request(app.getHttpServer()).get('/observability/metrics').expect(200);
    expect(scrape.text).toContain('# TYPE http_requests_total counter');
  });

  it("refuses to start over the app's own /health controller, naming health.livenessPath", async () => {
    const error = await startupError(withOwnHealth());
    expect(error.problems.map((p) => p.option)).toEqual(['health.livenessPath']);
    expect(error.message).toContain('GET /health is mapped to OwnHealthController.check too');
  });

  it('sees a route excluded from the global prefix, and ignores one the prefix moves away', async () => {
    const excluded = await startupError(withOwnHealth(), (a) =>
      a.setGlobalPrefix('api', { exclude: ['health'] }),
    );
    expect(excluded.problems.map((p) => p.option)).toEqual(['health.livenessPath']);

    app = await startNestApp(withOwnHealth(), { configure: (a) => a.setGlobalPrefix('api') });
    await request(app.getHttpServer()).get('/api/health').expect(200, { mine: true });
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
  });

  it('moving the probe resolves it: the app keeps its /health, the SDK answers /livez', async () => {
    app = await startNestApp(withOwnHealth({ health: { livenessPath: '/livez' } }));
    await request(app.getHttpServer()).get('/health').expect(200, { mine: true });
    await request(app.getHttpServer()).get('/livez').expect(200, { status: 'ok' });
  });

  it("metrics.path: false lets @willsoto/nestjs-prometheus's controller render the SDK's metrics too", async () => {
    app = await startNestApp(withWillsoto({ metrics: { path: false } }));
    await request(app.getHttpServer()).get('/orders/7').expect(200);
    const scrape = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(scrape.text).toContain(
      'http_requests_total{method="GET",route="/orders/:id",status="200"} 1',
    );
    expect(scrape.text).toContain('process_cpu_user_seconds_total');
    expect(promtoolCheckMetrics(scrape.text)).toBe('');
  });

  it("a management port resolves it, and the SDK's scrape stays promtool-clean over prom-client's default metrics", async () => {
    app = await startNestApp(withWillsoto({ metrics: { port: 0, host: '127.0.0.1' } }));
    await request(app.getHttpServer()).get('/orders/7').expect(200);
    // The app port keeps @willsoto/nestjs-prometheus's endpoint.
    await request(app.getHttpServer()).get('/metrics').expect(200);
    const management = `http://127.0.0.1:${app.get(ManagementServer).port}`;
    const scrape = await request(management).get('/metrics').expect(200);
    expect(scrape.text).toContain('nodejs_eventloop_utilization_ratio');
    expect(scrape.text).toContain('process_cpu_user_seconds_total');
    expect(scrape.text).not.toContain('nodejs_active_handles_total');
    expect(promtoolCheckMetrics(scrape.text)).toBe('');
  });
});
