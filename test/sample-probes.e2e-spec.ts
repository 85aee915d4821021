import { startApp } from './support/app';
import type { TestApp } from './support/app';
import { createTestDatabase } from './support/postgres';
import type { TestDatabase } from './support/postgres';
import { SHARED_REDIS_URL } from './support/redis';

describe("the sample service's probes", () => {
  let db: TestDatabase;
  let t: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startApp({
      DATABASE_URL: db.url,
      REDIS_URL: SHARED_REDIS_URL.replace(/\/\d*$/, '/3'),
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('is ready once the model warmed up and its database and Redis answer', async () => {
    const ready = await t.http.get('/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      checks: { model: 'up', database: 'up', redis: 'up' },
    });
    await t.http.get('/health').expect(200, { status: 'ok' });
  });

  it('is not ready when its database is gone, and stays alive', async () => {
    await db.drop();
    await new Promise((r) => setTimeout(r, 1100)); // past the cached result
    const ready = await t.http.get('/ready').expect(503);
    expect(ready.body).toEqual({
      status: 'error',
      checks: { model: 'up', database: 'down', redis: 'up' },
    });
    await t.http.get('/health').expect(200);
  });
});
