import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { dashboardRows } from 'nestjs-observability/slo';
import { DASHBOARD_ROWS, RULE_OPTIONS, SLOS } from '../apps/prediction-api/src/observability/slos';
import { uniqueFlower } from './support/app';
import { freePort, waitFor } from './support/ports';
import { createTestDatabase } from './support/postgres';
import type { TestDatabase } from './support/postgres';
import { dashboardQuery, PrivatePrometheus } from './support/prometheus';
import { spawnSample } from './support/sample-process';

const RULES = join(__dirname, '../deploy/prometheus');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The generated rules on a real Prometheus (Debian's), scraping two replicas of the sample
 * service every second while one of them fails its requests.
 */
describe('SLO rules on a real Prometheus scraping two replicas', () => {
  const databases: TestDatabase[] = [];
  const replicas: { port: number; child: ChildProcess }[] = [];
  let prometheus: PrivatePrometheus;
  const sent = { total: 0, failed: 0 };
  let sending = true;
  let traffic: Promise<void>;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const db = await createTestDatabase();
      databases.push(db);
      const port = await freePort();
      // The retention task runs every second, so its SLO's panels have data within the test.
      replicas.push({
        port,
        child: spawnSample(port, { DATABASE_URL: db.url, RETENTION_SCHEDULE: '* * * * * *' }),
      });
    }
    for (const { port } of replicas) {
      await waitFor(
        `replica on ${port}`,
        async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok,
        30_000,
      );
    }
    prometheus = await PrivatePrometheus.start(
      { 'prediction-api': replicas.map((r) => `127.0.0.1:${r.port}`) },
      [join(RULES, 'slo-rules.yml'), join(RULES, 'golden-signal-alerts.yml')],
    );
    traffic = (async () => {
      for (let i = 0; sending; i++) {
        const { port } = replicas[i % 2] as { port: number };
        const res = await fetch(`http://127.0.0.1:${port}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // One request in 50 is invalid, so the validation-failure panel has data too.
          body: JSON.stringify(
            i % 50 === 0 ? { ...uniqueFlower(), petalWidth: -1 } : uniqueFlower(),
          ),
        }).catch(() => undefined);
        sent.total++;
        if (res === undefined || res.status >= 500) sent.failed++;
        await sleep(20);
      }
    })();
  }, 90_000);

  afterAll(async () => {
    sending = false;
    await traffic;
    for (const { child } of replicas) child.kill('SIGKILL');
    await prometheus?.stop();
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('records the SLI, fires the fast-burn page, answers the classic SLI queries and every dashboard query', async () => {
    await sleep(5000);
    await (databases[1] as TestDatabase).drop(); // replica 2 now answers 503: half the traffic fails
    // The page needs its 1h and 5m ratios above 14.4x the budget for 2 minutes (`for: 2m`).
    await waitFor(
      'the fast-burn page to fire',
      async () =>
        (await prometheus.alerts()).some(
          (a) =>
            a.state === 'firing' &&
            a.labels.alertname === 'SLOErrorBudgetBurnFast' &&
            a.labels.slo === 'api-availability' &&
            a.labels.windows === '1h/5m',
        ),
      200_000,
    );
    const [ratio] = await prometheus.query('slo:sli_error:ratio_rate5m{slo="api-availability"}');
    const expected = sent.failed / sent.total;
    expect(ratio?.value).toBeGreaterThan(expected - 0.08);
    expect(ratio?.value).toBeLessThan(expected + 0.08);
    const [remaining] = await prometheus.query(
      'slo:error_budget:remaining_ratio{slo="api-availability"}',
    );
    expect(remaining?.value).toBeLessThan(0); // half the requests failing overspends a 99.9% budget
    const [latency] = await prometheus.query('slo:sli_error:ratio_rate5m{slo="predict-latency"}');
    expect(latency?.value).toBeGreaterThanOrEqual(0);
    // Queries users already have run unchanged against these metrics.
    const availability = await prometheus.query(
      "sum(rate(http_requests_total{status!~'5..'}[5m])) / sum(rate(http_requests_total[5m]))",
    );
    expect(availability[0]?.value).toBeGreaterThan(0.3);
    expect(availability[0]?.value).toBeLessThan(0.8);
    const p95 = await prometheus.query(
      'histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m]))',
    );
    expect(p95.length).toBeGreaterThan(0);
    expect(p95.some((s) => Number.isFinite(s.value))).toBe(true);
    // Every PromQL expression of the generated dashboard returns data, but for a panel that
    // says what no data means (the shadow model's, with none configured here).
    const empty: string[] = [];
    for (const row of dashboardRows(SLOS, RULE_OPTIONS, DASHBOARD_ROWS)) {
      for (const panel of row.panels) {
        for (const { expr } of panel.queries) {
          const result = await prometheus.query(dashboardQuery(expr, 'prediction-api'));
          if (result.length === 0 && panel.noValue === undefined)
            empty.push(`${row.title} / ${panel.title}: ${expr}`);
        }
      }
    }
    expect(empty).toEqual([]);
    // Both replicas were scraped, and the SLI sums across them.
    const up = await prometheus.query('up{job="prediction-api"}');
    expect(up.map((s) => s.value)).toEqual([1, 1]);
  }, 240_000);
});
