import { FLOWERS, startApp, uniqueFlower } from './support/app';
import { waitFor } from './support/ports';
import { PrivatePostgres, queryRows } from './support/postgres';
import { TracedSample } from './support/traced-sample';

const countRows = async (url: string) =>
  Number((await queryRows<{ n: string }>(url, 'SELECT count(*) AS n FROM predictions'))[0]?.n);

describe('a service started while its PostgreSQL is down', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await PrivatePostgres.create();
  }, 60_000);
  beforeEach(() => pg.kill());
  afterAll(() => pg?.destroy());

  it('starts alive and not ready, then serves once the database answers', async () => {
    const t = await startApp({ DATABASE_URL: pg.url });
    try {
      await t.http.get('/health').expect(200, { status: 'ok' });
      const ready = await t.http.get('/ready').expect(503);
      expect(ready.body.checks).toMatchObject({ model: 'up', database: 'down' });
      const refused = await t.http.post('/predict').send(FLOWERS.setosa).expect(503);
      expect(refused.body.outcome).toBe('not_recorded');

      await pg.start();
      await waitFor('/ready to answer 200', async () => (await t.http.get('/ready')).ok, 30_000);
      await t.http.post('/predict').send(FLOWERS.setosa).expect(200);
      await t.http
        .post('/predict/batch')
        .send({ rows: [FLOWERS.versicolor, FLOWERS.virginica] })
        .expect(200);
      expect(await countRows(pg.url)).toBe(3);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('logs each retry of the connection with its back-off, in JSON lines, then that it is ready', async () => {
    const sample = await TracedSample.start({ DATABASE_URL: pg.url, LOG_LEVEL: 'info' });
    try {
      const retries = () =>
        sample
          .logs()
          .filter((l) => String(l.msg).startsWith('Cannot prepare the prediction store'));
      await waitFor('three attempts', async () => retries().length >= 3, 30_000);
      expect((await fetch(`${sample.url}/ready`)).status).toBe(503);
      const lines = retries().map((l) => String(l.msg));
      expect(lines[0]).toMatch(
        /^Cannot prepare the prediction store at DATABASE_URL \(attempt 1: .+\)\. .*Retrying in 0\.5 s\. Fix: start PostgreSQL, or correct DATABASE_URL\.$/,
      );
      // The waits double: the log and the database see fewer attempts as the outage lasts.
      const waits = lines.map((m) => Number(/Retrying in ([\d.]+) s/.exec(m)?.[1]));
      expect(waits.slice(0, 3)).toEqual([0.5, 1, 2]);
      expect(retries().every((l) => l.level === 'warn')).toBe(true);

      await pg.start();
      await waitFor('/ready', async () => (await fetch(`${sample.url}/ready`)).ok, 30_000);
      // The line may still be in the pipe when /ready answers.
      await waitFor('the ready line', async () =>
        sample.logs().some((l) => String(l.msg).startsWith('Prediction store ready')),
      );
      expect((await sample.post('/predict', uniqueFlower())).status).toBe(200);
    } finally {
      await sample.kill();
    }
  }, 90_000);
});
