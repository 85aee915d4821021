import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import { waitFor } from './support/ports';
import { SHARED_REDIS_URL } from './support/redis';

/** Its own Redis database, so the poisoned entries never meet other tests. */
const REDIS_URL = SHARED_REDIS_URL.replace(/\/\d*$/, '/4');
const FEATURES = ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'];

/** The cache key the service uses for `flower` (model version plus the features in order). */
function cacheKey(flower: Record<string, number>): string {
  const canonical = JSON.stringify(FEATURES.map((name) => flower[name]));
  const digest = createHash('sha256').update(canonical).digest('base64url');
  return `prediction-api:prediction:iris-softmax@1.0.0:${digest}`;
}

const probabilities = { setosa: 0.9, versicolor: 0.07, virginica: 0.03 };

/** Entries this model never writes, as an attacker with access to Redis (or an old bug) might. */
const POISON: [string, string][] = [
  [
    'a 503 body',
    JSON.stringify({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The prediction store is unavailable: nothing was recorded. Retry later.',
    }),
  ],
  ['a 500 body', JSON.stringify({ statusCode: 500, message: 'Internal server error' })],
  [
    'a whole API answer',
    JSON.stringify({ id: 7, prediction: 'setosa', probabilities, cached: false }),
  ],
  ['an invented class', JSON.stringify({ prediction: 'evil<class>', probabilities })],
  [
    'an invented class in the probabilities',
    JSON.stringify({ prediction: 'setosa', probabilities: { setosa: 0.9, 'evil<class>': 0.1 } }),
  ],
  [
    'probabilities that do not sum to 1',
    JSON.stringify({
      prediction: 'setosa',
      probabilities: { setosa: 0.9, versicolor: 0.9, virginica: 0.9 },
    }),
  ],
  [
    'a probability that is not a number',
    JSON.stringify({ prediction: 'setosa', probabilities: { ...probabilities, virginica: 'NaN' } }),
  ],
  [
    'a prediction that is not the most probable class',
    JSON.stringify({ prediction: 'virginica', probabilities }),
  ],
  ['not JSON', '{"prediction": "setosa", '],
];

describe('entries read from the feature cache are checked like input', () => {
  let t: TestApp;
  let redis: Redis;
  const scrape = async () => (await t.http.get('/metrics').expect(200)).text;
  const invalidCount = async () =>
    Number(/^prediction_cache_requests_total\{result="invalid"\} (\d+)/m.exec(await scrape())?.[1]);

  beforeAll(async () => {
    t = await startApp({ REDIS_URL, CACHE_TTL_SECONDS: '60' });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
  });

  it.each(POISON)(
    'an entry holding %s is a miss: counted as invalid, answered by the model, overwritten',
    async (_case, poison) => {
      const flower = uniqueFlower();
      const key = cacheKey(flower);
      const honest = await t.http.post('/predict').send(flower).expect(200);
      await waitFor('the honest entry', async () => (await redis.get(key)) !== null);
      await redis.set(key, poison, 'EX', 60);
      const invalidBefore = await invalidCount();

      const res = await t.http.post('/predict').send(flower).expect(200);
      expect(res.body).toMatchObject({
        prediction: honest.body.prediction,
        probabilities: honest.body.probabilities,
        cached: false,
      });
      expect(await invalidCount()).toBe(invalidBefore + 1);
      // The write that follows the answer replaces the poison with the model's own output.
      await waitFor('the entry to be overwritten', async () => (await redis.get(key)) !== poison);
      expect(JSON.parse((await redis.get(key)) as string)).toEqual({
        prediction: honest.body.prediction,
        probabilities: honest.body.probabilities,
      });
      expect((await t.http.post('/predict').send(flower).expect(200)).body.cached).toBe(true);
    },
  );

  it('never lets a class from the cache become a label value', async () => {
    const text = await scrape();
    const classes = [
      ...text.matchAll(/^model_predictions_total\{[^}]*predicted_class="([^"]*)"/gm),
    ];
    expect(new Set(classes.map((m) => m[1]))).toEqual(
      new Set(['setosa', 'versicolor', 'virginica']),
    );
    expect(text).not.toContain('evil');
  });
});
