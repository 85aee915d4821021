import { randomUUID } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createTestDatabase, queryRows } from './support/postgres';
import type { TestDatabase } from './support/postgres';
import { FLOWERS, startApp } from './support/app';
import type { TestApp } from './support/app';

interface StoreCase {
  name: string;
  env: () => Promise<{
    env: NodeJS.ProcessEnv;
    cleanup: () => Promise<void>;
    count?: () => Promise<number>;
  }>;
}

const stores: StoreCase[] = [
  {
    name: 'the embedded store (PGlite, no server)',
    env: () => Promise.resolve({ env: {}, cleanup: () => Promise.resolve() }),
  },
  {
    name: 'PostgreSQL (DATABASE_URL)',
    env: async () => {
      const db: TestDatabase = await createTestDatabase();
      return {
        env: { DATABASE_URL: db.url },
        cleanup: () => db.drop(),
        count: async () =>
          Number(
            (await queryRows<{ n: string }>(db.url, 'SELECT count(*) AS n FROM predictions'))[0]?.n,
          ),
      };
    },
  },
];

describe.each(stores)('prediction API on $name', ({ env }) => {
  let t: TestApp;
  let cleanup: () => Promise<void>;
  let count: (() => Promise<number>) | undefined;

  beforeAll(async () => {
    const setup = await env();
    cleanup = setup.cleanup;
    count = setup.count;
    t = await startApp({ ...setup.env, MAX_BATCH_SIZE: '5', BODY_LIMIT_KB: '4' });
  });
  afterAll(async () => {
    await t?.close();
    await cleanup?.();
  });

  it.each(Object.entries(FLOWERS))(
    'POST /predict classifies a typical %s',
    async (species, flower) => {
      const res = await t.http.post('/predict').send(flower).expect(200);
      expect(res.body).toEqual({
        id: expect.any(Number),
        prediction: species,
        probabilities: {
          setosa: expect.any(Number),
          versicolor: expect.any(Number),
          virginica: expect.any(Number),
        },
        modelVersion: '1.0.0',
        cached: false,
      });
      expect(res.body.probabilities[species]).toBeGreaterThan(0.8);
      // Nothing names the framework to a caller looking for a known vulnerability.
      expect(res.headers['x-powered-by']).toBeUndefined();
      // No browser sniffs an answer as anything but its declared JSON.
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('POST /predict/batch answers every row in order, each recorded', async () => {
    const rows = [FLOWERS.virginica, FLOWERS.setosa, FLOWERS.versicolor];
    const res = await t.http.post('/predict/batch').send({ rows }).expect(200);
    expect(res.body.predictions.map((p: { prediction: string }) => p.prediction)).toEqual([
      'virginica',
      'setosa',
      'versicolor',
    ]);
    const ids = res.body.predictions.map((p: { id: number }) => p.id);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('GET /predictions reads recent predictions back, newest first, with their features', async () => {
    const made = await t.http.post('/predict').send(FLOWERS.versicolor).expect(200);
    const res = await t.http.get('/predictions?limit=2').expect(200);
    expect(res.body.predictions).toHaveLength(2);
    const [newest, older] = res.body.predictions;
    expect(newest).toMatchObject({
      id: made.body.id,
      prediction: 'versicolor',
      modelVersion: '1.0.0',
      features: FLOWERS.versicolor,
      cached: false,
    });
    expect(Date.parse(newest.createdAt)).not.toBeNaN();
    expect(newest.id).toBeGreaterThan(older.id);
  });

  it('GET /predictions defaults to 20', async () => {
    const res = await t.http.get('/predictions').expect(200);
    expect(res.body.predictions.length).toBeLessThanOrEqual(20);
  });

  it('GET /model describes the loaded model', async () => {
    const res = await t.http.get('/model').expect(200);
    expect(res.body).toMatchObject({
      name: 'iris-softmax',
      version: '1.0.0',
      features: ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'],
      classes: ['setosa', 'versicolor', 'virginica'],
      dataset: { source: expect.stringContaining('Iris') },
      evaluation: { testAccuracy: expect.any(Number) },
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  const bad = { ...FLOWERS.setosa };
  it.each([
    [
      'a missing field',
      '/predict',
      { sepalLength: 5, sepalWidth: 3, petalLength: 1 },
      'petalWidth',
      'is required',
    ],
    [
      'a string',
      '/predict',
      { ...bad, sepalWidth: '3.5' },
      'sepalWidth',
      'must be a number, got a string',
    ],
    ['null', '/predict', { ...bad, sepalWidth: null }, 'sepalWidth', 'must be a number, got null'],
    [
      'a boolean',
      '/predict',
      { ...bad, petalLength: true },
      'petalLength',
      'must be a number, got a boolean',
    ],
    [
      'a nested object',
      '/predict',
      { ...bad, petalLength: { v: 1 } },
      'petalLength',
      'must be a number, got an object',
    ],
    [
      'a non-finite number (1e999)',
      '/predict',
      '{"sepalLength":1e999,"sepalWidth":3,"petalLength":1,"petalWidth":0.2}',
      'sepalLength',
      'must be a finite number',
    ],
    [
      'a negative length',
      '/predict',
      { ...bad, petalWidth: -1 },
      'petalWidth',
      'must be between 0 and 100',
    ],
    [
      'an extra field',
      '/predict',
      { ...bad, colour: 'blue' },
      'colour',
      'is not a feature of this model',
    ],
    ['an array body', '/predict', [bad], 'body', 'must be a JSON object of features, got an array'],
    ['malformed JSON', '/predict', '{"sepalLength": 5.1,', 'body', 'is not valid JSON'],
    ['a JSON scalar', '/predict', '42', 'body', 'is not valid JSON'],
    [
      'an oversized body',
      '/predict',
      JSON.stringify({ ...bad, pad: 'x'.repeat(5000) }),
      'body',
      'larger than the 4 KiB limit',
    ],
    [
      'an oversized batch',
      '/predict/batch',
      { rows: Array.from({ length: 6 }, () => bad) },
      'rows',
      'must hold 1 to 5 rows, got 6',
    ],
    ['an empty batch', '/predict/batch', { rows: [] }, 'rows', 'must hold 1 to 5 rows, got 0'],
    ['a batch without rows', '/predict/batch', { items: [bad] }, 'rows', 'is required'],
    [
      'a bad row in a batch',
      '/predict/batch',
      { rows: [bad, { ...bad, sepalLength: 'x' }] },
      'rows[1].sepalLength',
      'must be a number',
    ],
  ])('%s gets 400 naming the field and the reason', async (_case, path, body, field, reason) => {
    const before = await count?.();
    const req = t.http.post(path);
    const res = await (
      typeof body === 'string'
        ? req.set('Content-Type', 'application/json').send(body)
        : req.send(body as object)
    ).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.statusCode).toBe(400);
    const match = (res.body.errors as { field: string; reason: string }[]).find(
      (e) => e.field === field,
    );
    expect(match?.reason).toContain(reason);
    expect(res.body.message).toContain(field);
    if (count) expect(await count()).toBe(before);
  });

  const body = JSON.stringify(FLOWERS.setosa);
  it.each([
    ['gzip', Buffer.from('this is not gzip')],
    ['gzip', gzipSync(body).subarray(0, 12)], // truncated
    ['deflate', Buffer.from('nor deflate')],
    ['br', Buffer.from('and this is not brotli either')],
  ])(
    'a %s body that does not decompress gets the same 400 naming the body and the reason',
    async (encoding, compressed) => {
      const before = await count?.();
      // fetch, not supertest: superagent re-encodes binary bodies sent as JSON.
      const res = await fetch(`${await t.app.getUrl()}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: compressed,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const answer = (await res.json()) as { errors: unknown[]; message: string };
      expect(answer).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(/^body: cannot be decompressed as Content-Encoding: /),
        errors: [
          {
            field: 'body',
            reason: expect.stringContaining(
              `cannot be decompressed as Content-Encoding: ${encoding} (`,
            ),
          },
        ],
      });
      if (count) expect(await count()).toBe(before);
    },
  );

  it.each([
    ['gzip', gzipSync(body)],
    ['br', brotliCompressSync(body)],
    ['deflate', deflateSync(body)],
  ])('a %s body that decompresses is served', async (encoding, compressed) => {
    const res = await fetch(`${await t.app.getUrl()}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
      body: compressed,
    });
    expect(res.status).toBe(200);
  });

  describe('Idempotency-Key', () => {
    it('a retry with the same key and body answers the recorded prediction, stored once', async () => {
      const key = randomUUID();
      const before = await count?.();
      const first = await t.http.post('/predict').set('Idempotency-Key', key).send(FLOWERS.setosa);
      expect(first.status).toBe(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const retry = await t.http.post('/predict').set('Idempotency-Key', key).send(FLOWERS.setosa);
      expect(retry.status).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      if (count) expect(await count()).toBe((before as number) + 1);
    });

    it('a batch retried with the same key answers every recorded row, stored once', async () => {
      const key = randomUUID();
      const rows = [FLOWERS.virginica, FLOWERS.setosa];
      const before = await count?.();
      const first = await t.http.post('/predict/batch').set('Idempotency-Key', key).send({ rows });
      const retry = await t.http.post('/predict/batch').set('Idempotency-Key', key).send({ rows });
      expect([first.status, retry.status]).toEqual([200, 200]);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      if (count) expect(await count()).toBe((before as number) + 2);
    });

    it('concurrent requests with one key store one prediction and all answer it', async () => {
      const key = randomUUID();
      const before = await count?.();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          t.http.post('/predict').set('Idempotency-Key', key).send(FLOWERS.versicolor),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => (a.body as { id: string }).id)).size).toBe(1);
      if (count) expect(await count()).toBe((before as number) + 1);
    });

    it('a key reused for another request gets 422 naming the header, and stores nothing', async () => {
      const key = randomUUID();
      await t.http.post('/predict').set('Idempotency-Key', key).send(FLOWERS.setosa).expect(200);
      const before = await count?.();
      for (const [path, sent] of [
        ['/predict', FLOWERS.virginica],
        ['/predict/batch', { rows: [FLOWERS.setosa] }],
      ] as const) {
        const res = await t.http.post(path).set('Idempotency-Key', key).send(sent).expect(422);
        expect(res.body.errors).toEqual([
          {
            field: 'Idempotency-Key',
            reason: expect.stringContaining('was already used for a different request'),
          },
        ]);
      }
      if (count) expect(await count()).toBe(before);
    });

    it.each([
      ['empty', '', 'is empty'],
      ['with a space', 'two words', 'visible ASCII characters without spaces or commas'],
      ['with a comma (sent twice)', 'a, b', 'must be sent once'],
      ['too long', 'k'.repeat(256), 'is 256 characters long: at most 255'],
      ['not ASCII', 'clé', 'visible ASCII'],
    ])('a key %s gets 400 naming the header and the reason', async (_case, key, reason) => {
      const before = await count?.();
      for (const path of ['/predict', '/predict/batch']) {
        const sent = path === '/predict' ? FLOWERS.setosa : { rows: [FLOWERS.setosa] };
        const res = await fetch(`${await t.app.getUrl()}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(sent),
        });
        expect(res.status).toBe(400);
        const answer = (await res.json()) as { message: string; errors: unknown[] };
        expect(answer.message).toContain('Idempotency-Key');
        expect(answer.errors).toEqual([
          { field: 'Idempotency-Key', reason: expect.stringContaining(reason) },
        ]);
      }
      if (count) expect(await count()).toBe(before);
    });
  });

  it('a body sent without the JSON content type gets 400 saying so', async () => {
    const res = await t.http
      .post('/predict')
      .set('Content-Type', 'text/plain')
      .send('sepalLength=5')
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'body', reason: expect.stringContaining('Content-Type: application/json') },
    ]);
  });

  it.each(['0', '101', 'abc', '1.5', '-3'])('GET /predictions?limit=%s gets 400', async (limit) => {
    const res = await t.http.get(`/predictions?limit=${limit}`).expect(400);
    expect(res.body.errors[0]).toEqual({
      field: 'limit',
      reason: expect.stringContaining('from 1 to 100'),
    });
  });

  it('an unknown route gets a JSON 404', async () => {
    await t.http
      .get('/nope')
      .expect(404)
      .expect('Content-Type', /json/)
      .expect('X-Content-Type-Options', 'nosniff');
  });
});
