import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Controller, InternalServerErrorException, Module, Post } from '@nestjs/common';
import { ObservabilityModule } from 'nestjs-observability';
import type { SloDefinition } from 'nestjs-observability';
import { dashboardRows, generatePrometheusFiles } from 'nestjs-observability/slo';
import type { RuleOptions } from 'nestjs-observability/slo';
import { DASHBOARD_ROWS, RULE_OPTIONS, SLOS } from '../apps/prediction-api/src/observability/slos';
import { uniqueFlower } from './support/app';
import { startNestApp } from './support/nest-app';
import { freePort, waitFor } from './support/ports';
import { dashboardQuery, PrivatePrometheus } from './support/prometheus';
import { spawnSample } from './support/sample-process';

const DEPLOY = join(__dirname, '../deploy/prometheus');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Another service on the same Prometheus: the same route as the sample, failing every request. */
@Controller('predict')
class FailingController {
  @Post()
  predict(): never {
    throw new InternalServerErrorException('checkout is broken');
  }
}

@Module({
  imports: [ObservabilityModule.forRoot({ serviceName: 'checkout' })],
  controllers: [FailingController],
})
class CheckoutModule {}

/** The other service's SLO has the sample's SLO name, so their recorded series could collide. */
const CHECKOUT_SLOS: SloDefinition[] = [
  {
    name: 'api-availability',
    type: 'availability',
    target: { kind: 'http' },
    objective: 0.999,
    window: '30d',
  },
];
const CHECKOUT: RuleOptions = { serviceName: 'checkout', command: 'slo-scoping test' };

/**
 * Two services on one real Prometheus (Debian's, 1 s scrape and evaluation), each with its own
 * generated rules: the sample service, which serves no 5xx, and an SDK test app (`checkout`)
 * whose every request answers 500, on the same route and with an SLO of the same name.
 */
describe('SLOs of services sharing one Prometheus', () => {
  let sample: ChildProcess;
  let checkout: INestApplication;
  let prometheus: PrivatePrometheus;
  let dir: string | undefined;
  let sending = true;
  let traffic: Promise<void>;

  beforeAll(async () => {
    const port = await freePort();
    // The retention task runs every second, so its freshness SLO's panels have data in the test.
    sample = spawnSample(port, { RETENTION_SCHEDULE: '* * * * * *' });
    checkout = await startNestApp(CheckoutModule);
    const checkoutUrl = await checkout.getUrl();
    await waitFor(
      'the sample service',
      async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok,
      60_000, // a loaded machine compiles and starts it slowly
    );
    dir = mkdtempSync(join(tmpdir(), 'slo-scoping-'));
    const checkoutFiles = generatePrometheusFiles(CHECKOUT_SLOS, CHECKOUT);
    for (const file of ['slo-rules.yml', 'golden-signal-alerts.yml']) {
      writeFileSync(join(dir, `checkout-${file}`), checkoutFiles[file] as string);
    }
    prometheus = await PrivatePrometheus.start(
      {
        'prediction-api': [`127.0.0.1:${port}`],
        checkout: [new URL(checkoutUrl).host],
      },
      [
        join(DEPLOY, 'slo-rules.yml'),
        join(DEPLOY, 'golden-signal-alerts.yml'),
        join(dir, 'checkout-slo-rules.yml'),
        join(dir, 'checkout-golden-signal-alerts.yml'),
      ],
    );
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch(() => undefined);
    traffic = (async () => {
      while (sending) {
        await post(`http://127.0.0.1:${port}/predict`, uniqueFlower());
        await post(`${checkoutUrl}/predict`, uniqueFlower());
        await sleep(20);
      }
    })();
  }, 120_000);

  afterAll(async () => {
    sending = false;
    await traffic;
    sample?.kill('SIGKILL');
    await checkout?.close();
    await prometheus?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const value = async (promql: string) => (await prometheus.query(promql))[0]?.value;

  it("reads each service's SLI from its own series: the sample's stays at 0 while the other fails every request", async () => {
    await waitFor(
      'both SLIs to be recorded',
      async () =>
        ((await value('slo:sli_error:ratio_rate5m{job="checkout",slo="api-availability"}')) ?? 0) >
          0 &&
        (await value('slo:sli_error:ratio_rate5m{job="prediction-api",slo="api-availability"}')) !==
          undefined,
      60_000,
    );
    await sleep(3000); // a few more evaluations, with both services' traffic in every window

    // Without the job, the sample's ratio would read the other service's 500s (about 50%).
    expect(
      await value('slo:sli_error:ratio_rate5m{job="prediction-api",slo="api-availability"}'),
    ).toBe(0);
    expect(
      await value('slo:error_budget:remaining_ratio{job="prediction-api",slo="api-availability"}'),
    ).toBe(1);
    expect(await value('slo:sli_error:ratio_rate5m{job="checkout",slo="api-availability"}')).toBe(
      1,
    );

    // Two SLOs of the same name make two series, told apart by their job; every rule evaluates.
    const series = await prometheus.query('slo:sli_error:ratio_rate5m{slo="api-availability"}');
    expect(series.map((s) => s.metric.job).sort()).toEqual(['checkout', 'prediction-api']);
    const unhealthy = (await prometheus.rules()).filter((r) => r.health !== 'ok');
    expect(unhealthy).toEqual([]);
  }, 90_000);

  it('raises the burn-rate and error-ratio alerts of the failing service only, each with its job', async () => {
    await waitFor(
      "the other service's fast-burn page to be pending",
      async () =>
        (await prometheus.alerts()).some(
          (a) => a.labels.alertname === 'SLOErrorBudgetBurnFast' && a.labels.job === 'checkout',
        ),
      60_000,
    );
    await waitFor(
      "the other service's 5xx ratio alert to be pending",
      async () =>
        (await prometheus.alerts()).some(
          (a) => a.labels.alertname === 'HighErrorRatio' && a.labels.job === 'checkout',
        ),
      30_000,
    );
    // Nothing for the sample, which served no 5xx, although both SLOs are named alike. (Its
    // latency SLOs, 1 ms inference among them, measure this machine's speed: a loaded CI machine
    // can burn them; they are not what the other job's 5xx could reach.)
    const latency = new Set(['inference-latency', 'predict-latency']);
    const alerts = await prometheus.alerts();
    expect(
      alerts.filter((a) => a.labels.job !== 'checkout' && !latency.has(a.labels.slo ?? '')),
    ).toEqual([]);
  }, 120_000);

  it("shows the sample's dashboard with data everywhere, a 5xx share of 0 and an SLI of 100 %", async () => {
    const empty: string[] = [];
    for (const row of dashboardRows(SLOS, RULE_OPTIONS, DASHBOARD_ROWS)) {
      for (const panel of row.panels) {
        for (const { expr } of panel.queries) {
          const result = await prometheus.query(dashboardQuery(expr, 'prediction-api'));
          // A panel that says what no data means (a rate of 0) may be empty; no other may.
          if (result.length === 0 && panel.noValue === undefined) {
            empty.push(`${row.title} / ${panel.title}: ${expr}`);
          }
        }
      }
    }
    expect(empty).toEqual([]);

    const rows = dashboardRows(SLOS, RULE_OPTIONS);
    const panel = (row: string, title: string) =>
      rows.find((r) => r.title.startsWith(row))?.panels.find((p) => p.title === title)?.queries[0]
        ?.expr as string;
    const errorShare = panel('Golden signals', 'Errors (5xx share) by route');
    const share = await prometheus.query(dashboardQuery(errorShare, 'prediction-api'));
    expect(share.length).toBeGreaterThan(0);
    expect(share.map((s) => s.value)).toEqual(share.map(() => 0));
    const sli = panel('SLO api-availability', 'SLI (good share)');
    expect(await value(dashboardQuery(sli, 'prediction-api'))).toBe(1);

    // The same panel, with the dashboard's job switched to the other service, reads its 500s.
    const other = await prometheus.query(dashboardQuery(errorShare, 'checkout'));
    expect(other.map((s) => [s.metric.route, s.value])).toEqual([['/predict', 1]]);
  }, 60_000);
});
