import { randomUUID } from 'node:crypto';
import { startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import { waitFor } from './support/ports';
import type { TestDatabase } from './support/postgres';
import { createTestDatabase, queryRows } from './support/postgres';

const KEEP = 50;

interface StoreCase {
  readonly name: string;
  readonly open: () => Promise<{ env: NodeJS.ProcessEnv; close: () => Promise<void> }>;
}

const stores: StoreCase[] = [
  {
    name: 'the embedded store',
    open: () => Promise.resolve({ env: {}, close: () => Promise.resolve() }),
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const db: TestDatabase = await createTestDatabase();
      return { env: { DATABASE_URL: db.url }, close: () => db.drop() };
    },
  },
];

describe.each(stores)('retention on $name (RETENTION_MAX_PREDICTIONS)', ({ open }) => {
  let t: TestApp;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const store = await open();
    close = store.close;
    t = await startApp({
      ...store.env,
      RETENTION_MAX_PREDICTIONS: String(KEEP),
      RETENTION_SWEEP_SECONDS: '1',
      MAX_BATCH_SIZE: '100',
    });
  });
  afterAll(async () => {
    await t?.close();
    await close?.();
  });

  const ids = async () =>
    (await t.http.get('/predictions?limit=100').expect(200)).body.predictions.map(
      (p: { id: number }) => p.id,
    ) as number[];

  it('keeps the newest predictions, deleting the oldest off the request path', async () => {
    const keys: string[] = [];
    let newest = 0;
    for (let i = 0; i < 4; i++) {
      const key = randomUUID();
      keys.push(key);
      const rows = Array.from({ length: 60 }, () => uniqueFlower());
      const res = await t.http
        .post('/predict/batch')
        .set('Idempotency-Key', key)
        .send({ rows })
        .expect(200);
      newest = Math.max(...res.body.predictions.map((p: { id: number }) => p.id));
    }
    await waitFor('the sweep', async () => (await ids()).length <= KEEP);
    const kept = await ids();
    expect(kept[0]).toBe(newest);
    expect(kept).toHaveLength(KEEP);
    expect(Math.min(...kept)).toBe(newest - KEEP + 1);
    // Requests go on during and after sweeps.
    await t.http.post('/predict').send(uniqueFlower()).expect(200);
  });
});

describe('retention of Idempotency-Keys with their predictions (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startApp({
      DATABASE_URL: db.url,
      RETENTION_MAX_PREDICTIONS: '5',
      RETENTION_SWEEP_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('deletes the key of a deleted prediction, so the key table stays bounded too', async () => {
    const first = randomUUID();
    await t.http.post('/predict').set('Idempotency-Key', first).send(uniqueFlower()).expect(200);
    for (let i = 0; i < 10; i++) {
      await t.http.post('/predict').set('Idempotency-Key', randomUUID()).send(uniqueFlower());
    }
    const keys = async () =>
      (
        await queryRows<{ idempotency_key: string }>(
          db.url,
          'SELECT idempotency_key FROM prediction_requests',
        )
      ).map((r) => r.idempotency_key);
    await waitFor('the sweep', async () => (await keys()).length <= 5);
    expect(await keys()).not.toContain(first);
  });
});
