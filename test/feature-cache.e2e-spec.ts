import { Redis } from 'ioredis';
import { PrivateRedis, SHARED_REDIS_URL } from './support/redis';
import { startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';

describe('feature cache on the machine Redis (REDIS_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ REDIS_URL: SHARED_REDIS_URL, CACHE_TTL_SECONDS: '60' });
  });
  afterAll(() => t?.close());

  it('serves identical inputs from the cache and says so; both are recorded', async () => {
    const flower = uniqueFlower();
    const first = await t.http.post('/predict').send(flower).expect(200);
    const second = await t.http.post('/predict').send(flower).expect(200);
    expect(first.body.cached).toBe(false);
    expect(second.body.cached).toBe(true);
    expect(second.body.prediction).toBe(first.body.prediction);
    expect(second.body.probabilities).toEqual(first.body.probabilities);
    expect(second.body.id).toBeGreaterThan(first.body.id);
    const recent = await t.http.get('/predictions?limit=2').expect(200);
    expect(recent.body.predictions.map((p: { cached: boolean }) => p.cached)).toEqual([
      true,
      false,
    ]);
  });

  it('keys entries by model version and input, with the configured time to live', async () => {
    const pattern = 'prediction-api:prediction:iris-softmax@1.0.0:*';
    const redis = new Redis(SHARED_REDIS_URL);
    try {
      // Only the key this request adds: earlier runs may have left entries with another TTL.
      const before = new Set(await redis.keys(pattern));
      await t.http.post('/predict').send(uniqueFlower()).expect(200);
      const added = (await redis.keys(pattern)).filter((k) => !before.has(k));
      expect(added).toHaveLength(1);
      const ttl = await redis.ttl(added[0] as string);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60);
    } finally {
      redis.disconnect();
    }
  });

  it('mixes hits and misses within one batch', async () => {
    const seen = uniqueFlower();
    await t.http.post('/predict').send(seen).expect(200);
    const res = await t.http
      .post('/predict/batch')
      .send({ rows: [seen, uniqueFlower()] })
      .expect(200);
    expect(res.body.predictions.map((p: { cached: boolean }) => p.cached)).toEqual([true, false]);
  });
});

describe('feature cache down (a private Redis, killed)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await startApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.kill();
  });

  it('keeps answering, uncached and fast, when Redis dies', async () => {
    const flower = uniqueFlower();
    await t.http.post('/predict').send(flower).expect(200);
    expect((await t.http.post('/predict').send(flower).expect(200)).body.cached).toBe(true);
    await redis.kill();
    for (let i = 0; i < 5; i++) {
      const started = Date.now();
      const res = await t.http.post('/predict').send(flower).expect(200);
      expect(res.body.cached).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_000);
    }
  });
});

describe('no REDIS_URL', () => {
  it('runs without a cache: identical inputs are predicted each time', async () => {
    const t = await startApp({});
    try {
      const flower = uniqueFlower();
      for (let i = 0; i < 2; i++)
        expect((await t.http.post('/predict').send(flower).expect(200)).body.cached).toBe(false);
    } finally {
      await t.close();
    }
  });
});
