import { startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import { waitFor } from './support/ports';
import { steadyLoad } from './support/steady-load';
import type { SteadyLoad } from './support/steady-load';
import { PrivateRedis } from './support/redis';

/** `workers` loops posting new flowers until stopped; returns every status seen. */
function startLoad(url: string, workers: number): SteadyLoad<number> {
  return steadyLoad(workers, async () => {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(uniqueFlower()),
    });
    await res.arrayBuffer();
    return res.status;
  });
}

const redisStatus = (scrape: string) =>
  Number(/^health_check_status\{check="redis"\} (\d+)/m.exec(scrape)?.[1]);

/**
 * The cache is an optimisation: its Redis is checked and reported, never gating readiness
 * (`readiness.register('redis', ..., { critical: false })`), so an outage of a shared Redis does
 * not take every replica out of its Service while each can answer.
 */
describe('readiness with the feature cache down', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  const readyStatus = async () => (await t.http.get('/ready')).status;
  const scrape = async () => (await t.http.get('/metrics').expect(200)).text;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });
  afterEach(() => t?.close());
  afterAll(() => redis?.kill());

  it('stays ready when Redis dies under load, and reports redis down', async () => {
    t = await startApp({ REDIS_URL: redis.url });
    expect(await readyStatus()).toBe(200);
    const load = startLoad(await t.app.getUrl(), 4);
    const readiness: number[] = [];
    try {
      await redis.kill();
      // Past the cached result: the check runs again and sees Redis gone.
      await waitFor('the redis check to report down', async () => {
        readiness.push(await readyStatus());
        return redisStatus(await scrape()) === 0;
      });
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 400));
        readiness.push(await readyStatus());
      }
    } finally {
      await load.stop();
    }
    expect(readiness.filter((s) => s !== 200)).toEqual([]);
    const statuses = await load.stop();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 30_000);

  it('is ready at boot without its Redis', async () => {
    await redis.kill();
    t = await startApp({ REDIS_URL: redis.url });
    expect(await readyStatus()).toBe(200);
    await t.http.post('/predict').send(uniqueFlower()).expect(200);
    expect(redisStatus(await scrape())).toBe(0);
  });
});
