import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainIrisModel } from '../apps/prediction-api/src/model/train';
import { startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import { waitFor } from './support/ports';

/** The value of `name{labels...}` in a scrape (every given label matched), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('a shadow model (SHADOW_MODEL_PATH) scores every input off the request path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shadow-'));
  let t: TestApp;
  const scrape = async () => (await t.http.get('/metrics').expect(200)).text;

  beforeAll(async () => {
    // Version 1.1.0, trained for 20 iterations only: a weaker model that sometimes disagrees.
    const shadow = trainIrisModel('1.1.0', { iterations: 20, learningRate: 0.5, l2: 0.001 });
    writeFileSync(join(dir, 'shadow.json'), JSON.stringify(shadow));
    t = await startApp({ SHADOW_MODEL_PATH: join(dir, 'shadow.json'), DRIFT_REFRESH_MS: '100' });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers with the served model only, counts agreement, times the shadow and monitors its drift', async () => {
    const rows = Array.from({ length: 100 }, () => uniqueFlower());
    for (let k = 0; k < 4; k++) {
      const res = await t.http.post('/predict/batch').send({ rows }).expect(200);
      for (const p of res.body.predictions) expect(p.modelVersion).toBe('1.0.0');
    }
    const versions = { model_version: '1.0.0', shadow_version: '1.1.0' };
    const scored = async () => {
      const text = await scrape();
      return (
        (sample(text, 'model_shadow_agreement_total', { ...versions, agree: 'true' }) ?? 0) +
        (sample(text, 'model_shadow_agreement_total', { ...versions, agree: 'false' }) ?? 0)
      );
    };
    await waitFor(
      'the shadow to score all 400 inputs',
      async () => (await scored()) === 400,
      10_000,
    );
    const text = await scrape();
    expect(
      sample(text, 'model_prediction_duration_seconds_count', { model_version: '1.1.0' }),
    ).toBeGreaterThanOrEqual(400);
    expect(sample(text, 'model_load_failures_total', { role: 'shadow' })).toBe(0);
    await waitFor(
      "the shadow's own drift",
      async () =>
        sample(await scrape(), 'model_feature_drift', {
          model_version: '1.1.0',
          feature: 'petalLength',
          method: 'psi',
        }) !== undefined,
      5_000,
    );
  });
});

describe('a shadow model that cannot load', () => {
  it('is counted as a load failure and the service serves without it', async () => {
    const t = await startApp({ SHADOW_MODEL_PATH: '/nonexistent/shadow.json' });
    try {
      const res = await t.http.post('/predict').send(uniqueFlower()).expect(200);
      expect(res.body.modelVersion).toBe('1.0.0');
      const text = (await t.http.get('/metrics').expect(200)).text;
      expect(sample(text, 'model_load_failures_total', { role: 'shadow' })).toBeGreaterThanOrEqual(
        1,
      );
    } finally {
      await t.close();
    }
  });
});
