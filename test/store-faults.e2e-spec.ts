import { waitFor } from './support/ports';
import { PrivatePostgres, queryRows } from './support/postgres';
import { FLOWERS, startApp } from './support/app';
import type { TestApp } from './support/app';

/** `model_prediction_errors_total{model_version="1.0.0",reason}` in a scrape. */
const predictionErrors = async (t: TestApp, reason: string) => {
  const text = (await t.http.get('/metrics').expect(200)).text;
  const line = text
    .split('\n')
    .find(
      (l) => l.startsWith('model_prediction_errors_total{') && l.includes(`reason="${reason}"`),
    );
  return Number(line?.split(' ').pop());
};

const countRows = async (url: string) =>
  Number((await queryRows<{ n: string }>(url, 'SELECT count(*) AS n FROM predictions'))[0]?.n);

describe('prediction store down (a private PostgreSQL, killed and restarted)', () => {
  let pg: PrivatePostgres;
  let t: TestApp;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    t = await startApp({ DATABASE_URL: pg.url });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await pg?.destroy();
  });

  it('answers 503 with a clear error while the store is down, records nothing, and recovers', async () => {
    await t.http.post('/predict').send(FLOWERS.setosa).expect(200);
    await t.http
      .post('/predict/batch')
      .send({ rows: [FLOWERS.versicolor, FLOWERS.virginica] })
      .expect(200);
    expect(await countRows(pg.url)).toBe(3);

    const errorsBefore = await predictionErrors(t, 'store_unavailable');
    await pg.kill();
    const started = Date.now();
    // A request that takes a pooled connection before the pool has seen it die sends its write
    // into the dead socket: honestly "unknown" (nothing is recorded, as the count below shows).
    // Once the pool knows, nothing is sent: "not_recorded".
    let single = await t.http.post('/predict').send(FLOWERS.setosa).expect(503);
    if (single.body.outcome === 'unknown') {
      single = await t.http.post('/predict').send(FLOWERS.setosa).expect(503);
    }
    expect(single.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The prediction store is unavailable: nothing was recorded. Retry later.',
      outcome: 'not_recorded',
    });
    await t.http
      .post('/predict/batch')
      .send({ rows: [FLOWERS.setosa, FLOWERS.virginica] })
      .expect(503);
    const read = await t.http.get('/predictions').expect(503);
    expect(read.body.message).toBe(
      'The prediction store is unavailable: recent predictions cannot be read. Retry later.',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    // The single prediction and the batch's two rows count as failed for model 1.0.0.
    expect(await predictionErrors(t, 'store_unavailable')).toBe(errorsBefore + 3);

    await pg.start();
    // The breaker opened during the outage: predictions resume once its probe finds PostgreSQL.
    await waitFor('the store to record again', async () => {
      const res = await t.http.post('/predict').send(FLOWERS.virginica);
      return res.status === 200;
    });
    const rows = await queryRows<{ prediction: string }>(
      pg.url,
      'SELECT prediction FROM predictions ORDER BY id',
    );
    // The three before the outage and the one after: nothing from the failed calls.
    expect(rows.map((r) => r.prediction)).toEqual([
      'setosa',
      'versicolor',
      'virginica',
      'virginica',
    ]);
  }, 60_000);

  it('never answers a prediction that the store refused, even in part', async () => {
    // A batch whose INSERT fails mid-statement (a row the table rejects) stores nothing at all.
    await queryRows(
      pg.url,
      "ALTER TABLE predictions ADD CONSTRAINT no_virginica CHECK (prediction <> 'virginica') NOT VALID",
    );
    const before = await countRows(pg.url);
    await t.http
      .post('/predict/batch')
      .send({ rows: [FLOWERS.setosa, FLOWERS.virginica] })
      .expect(503);
    expect(await countRows(pg.url)).toBe(before);
    await queryRows(pg.url, 'ALTER TABLE predictions DROP CONSTRAINT no_virginica');
    await t.http
      .post('/predict/batch')
      .send({ rows: [FLOWERS.setosa, FLOWERS.virginica] })
      .expect(200);
    expect(await countRows(pg.url)).toBe(before + 2);
  });
});
