import { readFileSync } from 'node:fs';
import { DEFAULT_MODEL_PATH } from '../apps/prediction-api/src/model/model-path';
import { startApp } from './support/app';
import type { TestApp } from './support/app';

const FEATURES = ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'];
const TRAINING = (
  JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as { trainingSet: { rows: number[][] } }
).trainingSet.rows;

/** A deterministic stream of numbers in [0, 1). */
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

/**
 * A flower drawn at random from the training set, as a request body: in-distribution traffic by
 * construction. `shift` lengthens its petals by that many centimetres.
 */
function flower(shift = 0): Record<string, number> {
  const row = TRAINING[Math.floor(random() * TRAINING.length)] as number[];
  const body = Object.fromEntries(FEATURES.map((f, k) => [f, row[k] ?? 0]));
  body.petalLength = Math.round(((body.petalLength ?? 0) + shift) * 10) / 10;
  return body;
}

const flowers = (n: number, shift = 0) => Array.from({ length: n }, () => flower(shift));

/** Every sample of `name` for model 1.0.0 in a scrape, by its label set. */
async function samples(t: TestApp, name: string): Promise<Map<string, number>> {
  const text = (await t.http.get('/metrics').expect(200)).text;
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) || !line.includes('model_version="1.0.0"')) continue;
    const labels = line.slice(name.length + 1, line.lastIndexOf('}'));
    const rest = labels.split(',').filter((l) => l !== 'model_version="1.0.0"');
    out.set(rest.join(','), Number(line.split(' ').pop()));
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the sample feeds every stored prediction to the drift monitor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ DRIFT_REFRESH_MS: '100', DRIFT_WINDOW_SIZE: '1000' });
  });
  afterAll(() => t?.close());

  const batch = (rows: Record<string, number>[]) =>
    t.http.post('/predict/batch').send({ rows }).expect(200);

  it('no drift series before 300 predictions; in distribution every PSI stays under 0.1; a shifted petalLength crosses 0.2 alone', async () => {
    for (let k = 0; k < 3; k++) await batch(flowers(k < 2 ? 100 : 99));
    await sleep(300);
    expect((await samples(t, 'model_feature_drift')).size).toBe(0);

    await t.http.post('/predict').send(flower()).expect(200);
    for (let k = 0; k < 3; k++) await batch(flowers(100));
    await sleep(300);
    // 600 draws from the training set: PSI's sampling noise is about 9/600.
    const calm = await samples(t, 'model_feature_drift');
    for (const feature of FEATURES) {
      expect(calm.get(`feature="${feature}",method="psi"`)).toBeLessThan(0.1);
      expect(calm.has(`feature="${feature}",method="ks"`)).toBe(true);
    }
    expect((await samples(t, 'model_prediction_drift')).get('method="psi"')).toBeLessThan(0.1);

    // 1200 flowers whose petals are 2.5 cm longer: the window has slid past every calm one.
    for (let k = 0; k < 12; k++) await batch(flowers(100, 2.5));
    await sleep(300);
    const shifted = await samples(t, 'model_feature_drift');
    expect(shifted.get('feature="petalLength",method="psi"')).toBeGreaterThan(0.2);
    for (const feature of ['sepalLength', 'sepalWidth', 'petalWidth']) {
      expect(shifted.get(`feature="${feature}",method="psi"`)).toBeLessThan(0.1);
    }
    // Petals beyond the longest training petal (6.9 cm) are out of the reference's range.
    const outOfRange = await samples(t, 'model_feature_out_of_range_total');
    expect(outOfRange.get('feature="petalLength"')).toBeGreaterThan(0);
  });

  it('counts batch sizes by model version', async () => {
    const before = (await samples(t, 'model_batch_size_count')).get('') ?? 0;
    await batch(flowers(3));
    const text = (await t.http.get('/metrics').expect(200)).text;
    expect(text).toMatch(/^model_batch_size_bucket\{model_version="1.0.0",le="2"\} \d+$/m);
    const after = text.match(/^model_batch_size_count\{model_version="1.0.0"\} (\d+)$/m)?.[1];
    expect(Number(after)).toBe(before + 1);
  });

  it('reports the model age and zeroed error series by reason', async () => {
    const age = (await samples(t, 'model_age_seconds')).get('');
    const trainedAt = Date.parse(
      (JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as { trainedAt: string }).trainedAt,
    );
    expect(age).toBeGreaterThan((Date.now() - trainedAt) / 1000 - 60);
    expect(age).toBeLessThan((Date.now() - trainedAt) / 1000 + 60);
    const errors = await samples(t, 'model_prediction_errors_total');
    expect([...errors.keys()].sort()).toEqual([
      'reason="internal"',
      'reason="store_outcome_unknown"',
      'reason="store_unavailable"',
    ]);
  });
});
