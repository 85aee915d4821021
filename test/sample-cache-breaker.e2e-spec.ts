import { Redis } from 'ioredis';
import { startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import { waitFor } from './support/ports';
import { steadyLoad } from './support/steady-load';
import type { SteadyLoad } from './support/steady-load';
import { PrivateRedis } from './support/redis';

/** One answered request of the load: when it started, how long it took, what it got. */
interface Answer {
  readonly startedAt: number;
  readonly ms: number;
  readonly status: number;
}

/** `workers` loops posting new flowers (each a cache lookup and a cache write) until stopped. */
function startLoad(url: string, workers: number): SteadyLoad<Answer> {
  return steadyLoad(workers, async () => {
    const startedAt = performance.now();
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(uniqueFlower()),
    });
    await res.arrayBuffer();
    return { startedAt, ms: performance.now() - startedAt, status: res.status };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process id of the Redis server at `url`, from its own INFO. */
async function redisPid(url: string): Promise<number> {
  const client = new Redis(url);
  try {
    return Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1]);
  } finally {
    client.disconnect();
  }
}

describe('a hung Redis (SIGSTOP) under load', () => {
  const WORKERS = 4;
  let redis: PrivateRedis;
  let pid: number;
  let t: TestApp;
  let url: string;
  const breakerState = async () =>
    Number(/^prediction_cache_breaker_state (\d+)/m.exec((await t.http.get('/metrics')).text)?.[1]);

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    pid = await redisPid(redis.url);
    t = await startApp({ REDIS_URL: redis.url });
    url = await t.app.getUrl();
  });
  afterAll(async () => {
    process.kill(pid, 'SIGCONT');
    await t?.close();
    await redis?.kill();
  });

  it('costs the requests in flight one bounded timeout, then nothing, and the cache comes back', async () => {
    const flower = uniqueFlower();
    await t.http.post('/predict').send(flower).expect(200);
    await waitFor('a cache hit', async () => {
      return (await t.http.post('/predict').send(flower)).body.cached === true;
    });

    const load = startLoad(url, WORKERS);
    // As long as the hang: the same load with Redis answering, to count what the machine alone
    // makes slow.
    await sleep(3_000);
    const frozenAt = performance.now();
    process.kill(pid, 'SIGSTOP');
    await sleep(3_000);
    const stateWhileHung = await breakerState();
    const thawedAt = performance.now();
    process.kill(pid, 'SIGCONT');
    // The breaker closes once its background probe gets an answer; the load keeps running.
    await waitFor('the breaker to close', async () => (await breakerState()) === 0);
    const answers = await load.stop();

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(stateWhileHung).toBeGreaterThan(0); // open (2) or probing (1)
    const hang = thawedAt - frozenAt;
    const duringHang = answers.filter((a) => a.startedAt >= frozenAt && a.startedAt < thawedAt);
    const beforeHang = answers.filter(
      (a) => a.startedAt >= frozenAt - hang && a.startedAt < frozenAt - 250,
    );
    // In flight when Redis froze: one 250 ms command timeout each (a lookup, then a write). After
    // the breaker opened, nothing waits on Redis: no request pays a timeout (without a breaker,
    // every one pays 500 ms). A loaded machine makes a few requests slow with Redis answering
    // too: as many as it made slow in the same time before the hang are allowed on top.
    const slow = duringHang.filter((a) => a.ms >= 200);
    const slowAnyway = beforeHang.filter((a) => a.ms >= 200);
    expect(slow.length).toBeLessThanOrEqual(2 * WORKERS + slowAnyway.length);
    expect(duringHang.length).toBeGreaterThan(10 * slow.length);

    // Lookups and writes resume: a repeated flower is served from the cache again.
    await waitFor('a cache hit after the hang', async () => {
      return (await t.http.post('/predict').send(flower)).body.cached === true;
    });
  }, 60_000);
});

describe('a Redis that is down at boot', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    await redis.kill();
    t = await startApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.kill();
  });

  it('starts, answers uncached, and uses the cache once Redis is up', async () => {
    const flower = uniqueFlower();
    for (let i = 0; i < 3; i++) {
      expect((await t.http.post('/predict').send(flower).expect(200)).body.cached).toBe(false);
    }
    await redis.restart();
    await waitFor('a cache hit once Redis is up', async () => {
      return (await t.http.post('/predict').send(flower).expect(200)).body.cached === true;
    });
  }, 30_000);
});
