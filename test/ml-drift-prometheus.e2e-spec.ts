import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardRows, generatePrometheusFiles } from 'nestjs-observability/slo';
import { DEFAULT_MODEL_PATH } from '../apps/prediction-api/src/model/model-path';
import { RULE_OPTIONS, SLOS } from '../apps/prediction-api/src/observability/slos';
import type { SentPrediction } from '../apps/prediction-api/src/replay/drift-scenario';
import { DriftScenario } from '../apps/prediction-api/src/replay/drift-scenario';
import { freePort, waitFor } from './support/ports';
import { dashboardQuery, PrivatePrometheus } from './support/prometheus';
import { spawnSample } from './support/sample-process';

const FEATURES = ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The ML-monitoring scenario (the one `npm run replay:drift` plays) on a real Prometheus with the
 * sample's own drift and accuracy SLO rules, the drift alert's `sustainedFor` cut to 20 s so it
 * fits in a test: in-distribution traffic keeps every input under the watch threshold, a shifted
 * petalLength crosses the act threshold alone and fires ModelInputDrift, and feedback makes the
 * accuracy SLI appear.
 */
describe('drift and accuracy on a real Prometheus scraping the sample', () => {
  let sample: ChildProcess;
  let prometheus: PrivatePrometheus;
  let scenario: DriftScenario;
  let dir: string;
  const sent: SentPrediction[] = [];

  beforeAll(async () => {
    const port = await freePort();
    sample = spawnSample(port, { DRIFT_REFRESH_MS: '500', DRIFT_WINDOW_SIZE: '600' });
    await waitFor(
      'the sample service',
      async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok,
      60_000,
    );
    scenario = DriftScenario.fromModelFile(DEFAULT_MODEL_PATH, `http://127.0.0.1:${port}`);
    const slos = SLOS.map((slo) => (slo.type === 'drift' ? { ...slo, sustainedFor: '20s' } : slo));
    dir = mkdtempSync(join(tmpdir(), 'ml-drift-'));
    writeFileSync(
      join(dir, 'slo-rules.yml'),
      generatePrometheusFiles(slos, RULE_OPTIONS)['slo-rules.yml'] as string,
    );
    prometheus = await PrivatePrometheus.start({ 'prediction-api': [`127.0.0.1:${port}`] }, [
      join(dir, 'slo-rules.yml'),
    ]);
  }, 120_000);

  afterAll(async () => {
    sample?.kill('SIGKILL');
    await prometheus?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const drift = async (feature: string) =>
    (
      await prometheus.query(`slo:model_feature_drift:max{slo="input-drift",feature="${feature}"}`)
    )[0]?.value;
  const driftAlerts = async () =>
    (await prometheus.alerts()).filter((a) => a.labels.alertname === 'ModelInputDrift');

  it('in distribution, every input stays under the watch threshold (0.1) and nothing alerts', async () => {
    sent.push(...(await scenario.predict(600)));
    await waitFor(
      'the drift of every input to be recorded',
      async () => (await Promise.all(FEATURES.map(drift))).every((v) => v !== undefined),
      30_000,
    );
    for (let k = 0; k < 3; k++) {
      sent.push(...(await scenario.predict(100)));
      await sleep(2000);
    }
    const highest = await prometheus.query(
      'max by (feature) (max_over_time(slo:model_feature_drift:max{slo="input-drift"}[1m]))',
    );
    expect(highest.map((s) => s.metric.feature).sort()).toEqual([...FEATURES].sort());
    for (const s of highest) expect(s.value).toBeLessThan(0.1);
    expect((await prometheus.query('slo:model_drift:above_act{slo="input-drift"}'))[0]?.value).toBe(
      0,
    );
    expect(await driftAlerts()).toEqual([]);
  }, 90_000);

  it('a shifted petalLength crosses the act threshold (0.2) alone, and ModelInputDrift fires for it', async () => {
    sent.push(...(await scenario.predict(1200, 'petalLength', 2.5)));
    await waitFor(
      'petalLength above 0.2',
      async () => ((await drift('petalLength')) ?? 0) > 0.2,
      30_000,
    );
    for (const feature of ['sepalLength', 'sepalWidth', 'petalWidth']) {
      expect(await drift(feature)).toBeLessThan(0.1);
    }
    await waitFor(
      'ModelInputDrift to fire',
      async () => (await driftAlerts()).some((a) => a.state === 'firing'),
      60_000,
    );
    const alerts = await driftAlerts();
    expect(alerts.map((a) => [a.labels.feature, a.labels.model_version, a.labels.job])).toEqual([
      ['petalLength', '1.0.0', 'prediction-api'],
    ]);
  }, 120_000);

  it('feedback makes accuracy appear: the SLI reads the wrong share, the dashboard panel the right one', async () => {
    const { wrong } = await scenario.feedback(sent);
    const expected = wrong / sent.length;
    await waitFor(
      'the accuracy SLI to be recorded',
      async () =>
        (await prometheus.query('slo:sli_error:ratio_rate5m{slo="model-accuracy"}'))[0] !==
        undefined,
      30_000,
    );
    await sleep(3000);
    const [ratio] = await prometheus.query('slo:sli_error:ratio_rate5m{slo="model-accuracy"}');
    expect(ratio?.value).toBeGreaterThan(expected - 0.05);
    expect(ratio?.value).toBeLessThan(expected + 0.05);
    // The shifted flowers fooled the model: part of them count as wrong.
    expect(wrong).toBeGreaterThan(0);
    const row = dashboardRows(SLOS, RULE_OPTIONS).find((r) => r.title.startsWith('Model '));
    const accuracy = row?.panels.find((p) => p.title.startsWith('Accuracy'))?.queries[0]?.expr;
    const [shown] = await prometheus.query(dashboardQuery(accuracy as string, 'prediction-api'));
    expect(shown?.value).toBeGreaterThan(1 - expected - 0.05);
    expect(shown?.value).toBeLessThan(1 - expected + 0.05);
  }, 90_000);
});
