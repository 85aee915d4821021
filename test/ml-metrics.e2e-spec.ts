import { FLOWERS, startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import { SHARED_REDIS_URL } from './support/redis';
import { promtoolCheckMetrics } from './support/promtool';

/** Its own Redis database, so its cache entries never meet other tests' key checks. */
const REDIS_URL = SHARED_REDIS_URL.replace(/\/\d*$/, '/2');

/** The value of the sample `name{labels}` in a Prometheus text scrape. */
function sample(scrape: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = scrape
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('the sample service on /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ REDIS_URL });
  });
  afterAll(() => t?.close());

  const scrape = async () => (await t.http.get('/metrics').expect(200)).text;

  it('exposes the model: info, load time, predictions by class, confidence, inference time', async () => {
    await t.http.post('/predict').send(FLOWERS.setosa).expect(200);
    await t.http.post('/predict').send(uniqueFlower()).expect(200); // never cached: runs the model
    await t.http
      .post('/predict/batch')
      .send({ rows: [FLOWERS.virginica, FLOWERS.virginica] })
      .expect(200);
    const text = await scrape();
    expect(text).toMatch(
      /^model_info\{model_name="iris-softmax",model_version="1.0.0",sha256="[0-9a-f]{64}"\} 1$/m,
    );
    expect(sample(text, 'model_load_seconds', { model_version: '1.0.0' })).toBeGreaterThan(0);
    expect(
      sample(text, 'model_predictions_total', { predicted_class: 'setosa' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'model_predictions_total', { predicted_class: 'virginica' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, 'model_prediction_confidence_count', { model_version: '1.0.0' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'model_prediction_duration_seconds_count', { model_version: '1.0.0' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'http_requests_total', { method: 'POST', route: '/predict', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts cache hits and misses', async () => {
    const before = await scrape();
    const flower = uniqueFlower();
    await t.http.post('/predict').send(flower).expect(200);
    await t.http.post('/predict').send(flower).expect(200);
    const after = await scrape();
    const delta = (result: string) =>
      (sample(after, 'prediction_cache_requests_total', { result }) ?? 0) -
      (sample(before, 'prediction_cache_requests_total', { result }) ?? 0);
    expect(delta('miss')).toBe(1);
    expect(delta('hit')).toBe(1);
  });

  it('counts validation failures by field, indices folded, unknown names shared', async () => {
    await t.http
      .post('/predict')
      .send({ ...FLOWERS.setosa, petalWidth: -1 })
      .expect(400);
    await t.http
      .post('/predict/batch')
      .send({ rows: [FLOWERS.setosa, { ...FLOWERS.setosa, sepalLength: 'x' }] })
      .expect(400);
    await t.http
      .post('/predict')
      .send({ ...FLOWERS.setosa, [`evil_${Date.now()}`]: 1 })
      .expect(400);
    await t.http
      .post('/predict')
      .set('content-type', 'application/json')
      .send('{"broken')
      .expect(400);
    const text = await scrape();
    expect(
      sample(text, 'input_validation_failures_total', { field: 'petalWidth' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'input_validation_failures_total', { field: 'rows[].sepalLength' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'input_validation_failures_total', { field: 'unknown' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'input_validation_failures_total', { field: 'body' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('evil_');
  });

  it('counts a body that does not decompress as an invalid body', async () => {
    const before = sample(await scrape(), 'input_validation_failures_total', { field: 'body' });
    for (const encoding of ['gzip', 'br']) {
      const res = await fetch(`${await t.app.getUrl()}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: Buffer.from('not compressed at all'),
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { field: string; reason: string }[] };
      expect(body.errors).toEqual([
        {
          field: 'body',
          reason: expect.stringMatching(new RegExp(`Content-Encoding: ${encoding} \\((Z_|ERR_)`)),
        },
      ]);
    }
    const after = sample(await scrape(), 'input_validation_failures_total', { field: 'body' });
    expect((after ?? 0) - (before ?? 0)).toBe(2);
  });

  it('labels every input-derived value from a closed set, each series there from the start', async () => {
    const text = await scrape();
    const values = (name: string, label: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`))
        .map((l) => new RegExp(`${label}="([^"]*)"`).exec(l)?.[1]);
    expect(values('model_predictions_total', 'predicted_class').sort()).toEqual([
      'setosa',
      'versicolor',
      'virginica',
    ]);
    expect(values('prediction_cache_requests_total', 'result').sort()).toEqual([
      'hit',
      'invalid',
      'miss',
      'unavailable',
    ]);
    expect(values('model_feedback_total', 'correct').sort()).toEqual(['false', 'true']);
    expect(values('model_prediction_errors_total', 'reason').sort()).toEqual([
      'internal',
      'store_outcome_unknown',
      'store_unavailable',
    ]);
    expect(values('input_validation_failures_total', 'field').sort()).toEqual(
      [
        'Idempotency-Key',
        'body',
        'id',
        'label',
        'limit',
        'rows',
        'rows[]',
        'unknown',
        ...['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'].flatMap((f) => [
          f,
          `rows[].${f}`,
        ]),
      ].sort(),
    );
  });

  it("passes Prometheus's own promtool check metrics: no errors, no warnings", async () => {
    expect(promtoolCheckMetrics(await scrape())).toBe('');
  });
});
