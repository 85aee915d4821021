import { gzipSync } from 'node:zlib';
import { FLOWERS, startApp } from './support/app';
import type { TestApp } from './support/app';

/** Every series of the scrape (one line per labelled sample), by metric family. */
function seriesByFamily(scrape: string): Map<string, number> {
  const families = new Map<string, number>();
  for (const line of scrape.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? line;
    families.set(name, (families.get(name) ?? 0) + 1);
  }
  return families;
}

/** Families whose label values come from requests (the runtime's own gauges vary on their own). */
const REQUEST_FAMILIES =
  /^(input_validation_failures_total|model_predictions_total|prediction_cache_|http_)/;

const requestSeries = (scrape: string) =>
  new Map([...seriesByFamily(scrape)].filter(([name]) => REQUEST_FAMILIES.test(name)));

/** `n` distinct invented keys: the shape of the attack that created 600,000 series. */
const inventedKeys = (n: number, offset: number, suffix: string) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`x${offset + i}.${suffix}`, 1]));

describe('input-derived labels stay in a closed set under a flood of invented names', () => {
  let t: TestApp;
  const scrape = async () => (await t.http.get('/metrics').expect(200)).text;

  beforeAll(async () => {
    t = await startApp({ MAX_BATCH_SIZE: '1000', BODY_LIMIT_KB: '256' });
  });
  afterAll(() => t?.close());

  /** A body that does not decompress, sent as gzip (fetch: supertest re-encodes buffers). */
  const badGzip = async (n: number) =>
    (
      await fetch(`${await t.app.getUrl()}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: Buffer.from(`not gzip ${n}`),
      })
    ).status;

  it('counts thousands of distinct bad field names, row indices and headers on a constant set of series', async () => {
    // One request of each kind first, so every series the flood may touch exists already.
    await t.http.post('/predict').send(FLOWERS.setosa).expect(200);
    await t.http
      .post('/predict')
      .send(inventedKeys(1, 0, 'sepalLength'))
      .expect(400);
    await t.http
      .post('/predict/batch')
      .send({ rows: [inventedKeys(1, 0, 'petalWidth')], x: 1 })
      .expect(400);
    expect(await badGzip(0)).toBe(400); // rejected before routing: a route label of its own
    await t.http.get('/metrics').expect(200); // GET /metrics is a series of its own too
    const before = requestSeries(await scrape());

    const flood: Promise<number>[] = [];
    const status = (req: PromiseLike<{ status: number }>) =>
      Promise.resolve(req).then((res) => res.status);
    for (let r = 0; r < 10; r++) {
      // 400 invented feature-looking keys per body: 4,000 in all.
      flood.push(status(t.http.post('/predict').send(inventedKeys(400, r * 400, 'sepalLength'))));
      // Batches: invented keys in rows at distinct indices, and invented top-level keys.
      const rows = Array.from({ length: 100 }, (_, i) => ({
        ...FLOWERS.setosa,
        ...inventedKeys(3, (r * 100 + i) * 3, 'petalLength'),
      }));
      flood.push(
        status(t.http.post('/predict/batch').send({ rows, ...inventedKeys(50, r * 50, 'rows') })),
      );
      // Rows that are not objects, at indices 0..999, and bad Idempotency-Key headers.
      flood.push(
        status(
          t.http.post('/predict/batch').send({ rows: Array.from({ length: 1000 }, (_, i) => i) }),
        ),
      );
      flood.push(status(t.http.post('/predict').set('Idempotency-Key', `bad key ${r}`).send({})));
      flood.push(badGzip(r));
    }
    const statuses = await Promise.all(flood);
    expect(statuses).toEqual(statuses.map(() => 400));

    const after = await scrape();
    expect(requestSeries(after)).toEqual(before);
    expect(after).not.toMatch(/field="x\d/);
    expect(after).toMatch(/^input_validation_failures_total\{field="unknown"\} \d+/m);
    expect(after).toMatch(/^input_validation_failures_total\{field="rows\[\]"\} \d+/m);
  });

  it('keeps gzip bodies that do decompress working', async () => {
    const res = await fetch(`${await t.app.getUrl()}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(FLOWERS.virginica)),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { prediction: string }).prediction).toBe('virginica');
  });
});
