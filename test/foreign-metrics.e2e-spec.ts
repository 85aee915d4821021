import type { INestApplication } from '@nestjs/common';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { Counter, Histogram, register } from 'prom-client';
import request from 'supertest';
import { ObservabilityModule } from 'nestjs-observability';
import { startNestApp } from './support/nest-app';
import { promtoolCheckMetrics } from './support/promtool';

/** A metric made with prom-client directly, before any module starts, labelled from input. */
const lookups = new Counter({
  name: 'user_lookups_total',
  help: 'Lookups, by the key asked for (a mistake: the key comes from the request).',
  labelNames: ['key'],
});

@Controller('lookup')
class LookupController {
  constructor(@InjectMetric('user_visits_total') private readonly visits: Counter<string>) {}

  @Get(':key')
  lookup(@Param('key') key: string): string {
    lookups.inc({ key });
    this.visits.labels(key).inc();
    latency.observe({ key }, 0.01);
    return key;
  }
}

/** One made after the module started, registered through the same default registry. */
let latency: Histogram<string>;

@Module({
  imports: [
    ObservabilityModule.forRoot({ serviceName: 'foreign-metrics-e2e', metrics: { maxSeries: 50 } }),
  ],
  controllers: [LookupController],
  providers: [
    makeCounterProvider({
      name: 'user_visits_total',
      help: 'Visits, by key.',
      labelNames: ['key'],
    }),
  ],
})
class LookupModule {}

function series(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`));
}

describe("the application's own prom-client metrics are bounded like the SDK's", () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await startNestApp(LookupModule);
    latency = new Histogram({
      name: 'user_lookup_seconds',
      help: 'Lookup time, by key (registered after startup).',
      labelNames: ['key'],
      registers: [register],
    });
  });
  afterAll(() => app.close());

  it('keeps at most maxSeries series per metric however many label values the input brings, counting the rest', async () => {
    const http = request(app.getHttpServer());
    for (let i = 0; i < 400; i++)
      await http.get(`/lookup/k${i}-${Math.random().toString(36).slice(2)}`).expect(200);
    const text = (await http.get('/metrics').expect(200)).text;
    for (const name of ['user_lookups_total', 'user_visits_total']) {
      const lines = series(text, name);
      expect(lines).toHaveLength(51);
      expect(lines).toContain(`${name}{key="__overflow__"} 350`);
    }
    expect(series(text, 'user_lookup_seconds_count')).toHaveLength(51);
    for (const name of ['user_lookups_total', 'user_visits_total', 'user_lookup_seconds']) {
      expect(text).toContain(`observability_series_overflow_total{metric="${name}"} 350`);
    }
    expect(promtoolCheckMetrics(text)).toBe('');
  }, 60_000);

  it('a known label set keeps counting in its own series after the limit is reached', async () => {
    const http = request(app.getHttpServer());
    const before = (await http.get('/metrics')).text;
    const first = series(before, 'user_lookups_total')[0] as string;
    const key = /key="([^"]+)"/.exec(first)?.[1] as string;
    await http.get(`/lookup/${key}`).expect(200);
    const after = (await http.get('/metrics')).text;
    expect(after).toContain(`user_lookups_total{key="${key}"} 2`);
  });
});
