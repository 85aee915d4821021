import { Client } from 'pg';
import type { INestApplication, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Module } from '@nestjs/common';
import request from 'supertest';
import {
  DatabaseHealthIndicator,
  ObservabilityModule,
  ReadinessChecks,
  RedisHealthIndicator,
} from 'nestjs-observability';
import type { ObservabilityModuleOptions } from 'nestjs-observability';
import { ManagementServer } from '../libs/observability/src/management/management-server';
import { startNestApp } from './support/nest-app';
import { ADMIN_DATABASE_URL, PrivatePostgres } from './support/postgres';
import { PrivateRedis } from './support/redis';
import { freePort } from './support/ports';
import { SilentServer } from './support/silent-server';

/** Where the app under test finds its dependencies; each test points them somewhere. */
const targets: { redis?: string; database?: string; redisCritical?: boolean } = {};

@Injectable()
class Registration implements OnModuleInit {
  constructor(
    @Inject(ReadinessChecks) private readonly readiness: ReadinessChecks,
    @Inject(RedisHealthIndicator) private readonly redis: RedisHealthIndicator,
    @Inject(DatabaseHealthIndicator) private readonly database: DatabaseHealthIndicator,
  ) {}
  onModuleInit(): void {
    const { redis, database, redisCritical } = targets;
    if (redis) {
      this.readiness.register('redis', () => this.redis.pingCheck('redis', redis), {
        critical: redisCritical,
      });
    }
    if (database)
      this.readiness.register('database', () => this.database.pingCheck('database', database));
  }
}

type ProbedOptions = Omit<ObservabilityModuleOptions, 'serviceName'>;

function probedModule(options: ProbedOptions) {
  @Module({
    imports: [
      ObservabilityModule.forRoot({
        serviceName: 'readiness-e2e',
        ...options,
        health: { timeoutMs: 1000, cacheMs: 1000, ...options.health },
      }),
    ],
    providers: [Registration],
  })
  class ProbedModule {}
  return ProbedModule;
}

async function startProbed(
  redis?: string,
  database?: string,
  options: ProbedOptions = {},
  redisCritical?: boolean,
): Promise<INestApplication> {
  targets.redis = redis;
  targets.database = database;
  targets.redisCritical = redisCritical;
  return startNestApp(probedModule(options), { listen: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Times `count` probes of `path`, one every `everyMs`. */
async function probe(app: INestApplication, path: string, count: number, everyMs: number) {
  const answers: { status: number; ms: number; body: unknown }[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await request(app.getHttpServer()).get(path);
    answers.push({ status: res.status, ms: performance.now() - started, body: res.body });
    await sleep(everyMs);
  }
  return answers;
}

const p99 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.99) - 1] as number;

describe('readiness against real servers', () => {
  let redis: PrivateRedis;
  beforeAll(async () => (redis = await PrivateRedis.start()));
  afterAll(() => redis.kill());

  it('all up: 200 with up per check and nothing else in the body', async () => {
    const app = await startProbed(redis.url, ADMIN_DATABASE_URL);
    try {
      const ready = await request(app.getHttpServer()).get('/ready').expect(200);
      expect(ready.body).toEqual({ status: 'ok', checks: { redis: 'up', database: 'up' } });
      await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
      const metrics = await request(app.getHttpServer()).get('/metrics');
      expect(metrics.text).toMatch(/^health_check_status\{check="redis"\} 1$/m);
      expect(metrics.text).toMatch(/^health_check_duration_seconds_count\{check="database"\} 1$/m);
    } finally {
      await app.close();
    }
  });

  it('Redis stopped: 503 naming redis within 1.5 s, liveness fast; back to 200 within 2 s of restart', async () => {
    const app = await startProbed(redis.url);
    try {
      await request(app.getHttpServer()).get('/ready').expect(200);
      await redis.kill();
      await sleep(1100); // the last result (up) may be reused for health.cacheMs
      const down = await probe(app, '/ready', 15, 100);
      expect(down.every((a) => a.status === 503)).toBe(true);
      expect(down[0]?.body).toEqual({ status: 'error', checks: { redis: 'down' } });
      expect(p99(down.map((a) => a.ms))).toBeLessThanOrEqual(1500);
      const live = await probe(app, '/health', 10, 20);
      expect(live.every((a) => a.status === 200)).toBe(true);
      expect(p99(live.map((a) => a.ms))).toBeLessThan(50);
      const metrics = await request(app.getHttpServer()).get('/metrics');
      expect(metrics.text).toMatch(/^health_check_status\{check="redis"\} 0$/m);
      await redis.restart();
      const back = performance.now();
      while ((await request(app.getHttpServer()).get('/ready')).status !== 200) {
        expect(performance.now() - back).toBeLessThan(2000);
        await sleep(100);
      }
    } finally {
      await app.close();
    }
  });

  it('a non-critical Redis stopped: /ready stays 200 and reports it down, as do the metrics', async () => {
    const app = await startProbed(redis.url, ADMIN_DATABASE_URL, { metrics: { port: 0 } }, false);
    const management = `http://127.0.0.1:${app.get(ManagementServer).port}`;
    try {
      await request(app.getHttpServer()).get('/ready').expect(200);
      await redis.kill();
      await sleep(1100); // the last result (up) may be reused for health.cacheMs
      const degraded = await probe(app, '/ready', 10, 100);
      expect(degraded.every((a) => a.status === 200)).toBe(true);
      expect(degraded[0]?.body).toEqual({
        status: 'ok',
        checks: { redis: 'down', database: 'up' },
      });
      const detailed = (await (await fetch(`${management}/ready`)).json()) as Record<
        string,
        unknown
      >;
      expect(detailed).toMatchObject({ status: 'ok', nonCritical: ['redis'] });
      const metrics = await (await fetch(`${management}/metrics`)).text();
      expect(metrics).toMatch(/^health_check_status\{check="redis"\} 0$/m);
      await redis.restart();
    } finally {
      await app.close();
    }
  });

  it.each(['redis', 'database'] as const)(
    '%s silent (accepts, never answers): 503 within 1.5 s, no pile-up of connections',
    async (dependency) => {
      const silent = await SilentServer.start();
      const url =
        dependency === 'redis'
          ? `redis://127.0.0.1:${silent.port}`
          : `postgres://postgres@127.0.0.1:${silent.port}/postgres`;
      const app =
        dependency === 'redis' ? await startProbed(url) : await startProbed(undefined, url);
      try {
        const down = await probe(app, '/ready', 30, 100); // 3 s at 10 probes per second
        expect(down.every((a) => a.status === 503)).toBe(true);
        expect(down[0]?.body).toEqual({ status: 'error', checks: { [dependency]: 'down' } });
        expect(p99(down.map((a) => a.ms))).toBeLessThanOrEqual(1500);
        expect(silent.openConnections).toBeLessThanOrEqual(2);
      } finally {
        await app.close();
        await silent.close();
      }
    },
    20_000,
  );

  it('PostgreSQL out of connections: 503 within 1.5 s; 200 within 2 s once they are free', async () => {
    const pg = await PrivatePostgres.create({
      max_connections: '3',
      superuser_reserved_connections: '0',
    });
    const held: Client[] = [];
    const app = await startProbed(undefined, pg.url);
    try {
      await request(app.getHttpServer()).get('/ready').expect(200);
      for (let i = 0; i < 3; i++) {
        const c = new Client({ connectionString: pg.url });
        await c.connect();
        held.push(c);
      }
      await sleep(1100); // past the cached result
      const down = await probe(app, '/ready', 10, 100);
      expect(down.every((a) => a.status === 503)).toBe(true);
      expect(p99(down.map((a) => a.ms))).toBeLessThanOrEqual(1500);
      await Promise.all(held.splice(0).map((c) => c.end()));
      const back = performance.now();
      while ((await request(app.getHttpServer()).get('/ready')).status !== 200) {
        expect(performance.now() - back).toBeLessThan(2000);
        await sleep(100);
      }
    } finally {
      await Promise.all(held.map((c) => c.end()));
      await app.close();
      await pg.destroy();
    }
  }, 30_000);

  it('1,000 probes in a second cost at most one PING per cache period', async () => {
    // What is measured is the sharing, not the timeout: on a loaded machine the first connection
    // and PING may take over a second, which would answer 503 to the probes sharing it.
    const app = await startProbed(redis.url, undefined, { health: { timeoutMs: 5000 } });
    const admin = new (await import('ioredis')).Redis(redis.url);
    try {
      const pings = async () =>
        Number(/cmdstat_ping:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
      const before = await pings();
      const started = performance.now();
      const statuses = await Promise.all(
        Array.from({ length: 1000 }, async (_, i) => {
          await sleep(i); // spread over one second
          return (await request(app.getHttpServer()).get('/ready')).status;
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      expect(statuses.every((s) => s === 200)).toBe(true);
      expect((await pings()) - before).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    } finally {
      admin.disconnect();
      await app.close();
    }
  }, 30_000);

  it('public bodies never tell hosts, versions or errors; the management port does', async () => {
    const silent = await SilentServer.start();
    const url = `redis://user:secret@127.0.0.1:${silent.port}`;
    const app = await startProbed(url, undefined, { metrics: { port: 0, host: '127.0.0.1' } });
    try {
      const publicBody = (await request(app.getHttpServer()).get('/ready').expect(503)).text;
      expect(JSON.parse(publicBody)).toEqual({ status: 'error', checks: { redis: 'down' } });
      for (const secret of ['secret', '127.0.0.1', String(silent.port), 'timeout', 'ready']) {
        expect(publicBody.replace('"status"', '')).not.toContain(secret);
      }
      const port = app.get(ManagementServer).port as number;
      const details = await request(`http://127.0.0.1:${port}`).get('/ready').expect(503);
      expect(details.body.checks).toEqual({ redis: 'down' });
      expect(details.body.details.redis.message).toMatch(/timeout of 1000ms exceeded|not ready/);
      await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
    } finally {
      await app.close();
      await silent.close();
    }
  }, 20_000);

  it('health.details puts the details in the public body, when configured', async () => {
    const app = await startProbed(redis.url, undefined, { health: { details: true } });
    try {
      const ready = await request(app.getHttpServer()).get('/ready').expect(200);
      expect(ready.body.details.redis).toMatchObject({
        status: 'up',
        responseTime: expect.any(Number),
      });
    } finally {
      await app.close();
    }
  });

  it('a Redis nobody listens on is down with the connection error itself, not a timeout', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const app = await startProbed(url, undefined, { health: { details: true } });
    try {
      const started = performance.now();
      const ready = await request(app.getHttpServer()).get('/ready').expect(503);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(ready.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
      expect(ready.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.stringify(ready.body.details.redis)).toContain('ECONNREFUSED');
    } finally {
      await app.close();
    }
  });

  it('a database hung for 10 s under 10 probes per second: no growth of open checks or heap', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(typeof gc).toBe('function'); // jest runs with --expose-gc (scripts/jest-summary.mjs)
    const silent = await SilentServer.start();
    const app = await startProbed(
      undefined,
      `postgres://postgres@127.0.0.1:${silent.port}/postgres`,
    );
    try {
      await probe(app, '/ready', 20, 100); // warm up: JIT, first connections
      gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const open: number[] = [];
      for (let i = 0; i < 100; i++) {
        const res = await request(app.getHttpServer()).get('/ready');
        expect(res.status).toBe(503);
        open.push(silent.openConnections);
        await sleep(100);
      }
      gc?.();
      const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
      expect(Math.max(...open)).toBeLessThanOrEqual(2);
      expect(growthMb).toBeLessThan(4);
    } finally {
      await app.close();
      await silent.close();
    }
  }, 40_000);
});
