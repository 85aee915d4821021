import type { INestApplication, Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';

/** The HTTP adapters the SDK is tested on. */
export type AdapterName = 'express' | 'fastify';

/**
 * Builds a Nest application from `module` on `adapter`, quiet, lets `configure` set it up (global
 * prefix, versioning) and starts it: listening on a free 127.0.0.1 port, or only initialised.
 */
export async function startNestApp(
  module: Type,
  {
    adapter = 'express',
    listen = true,
    configure,
  }: { adapter?: AdapterName; listen?: boolean; configure?: (app: INestApplication) => void } = {},
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app =
    adapter === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
      : moduleRef.createNestApplication({ logger: false });
  configure?.(app);
  if (listen) await app.listen(0, '127.0.0.1');
  else await app.init();
  return app;
}

/**
 * The value of one series of `app`'s `/metrics` (`http_requests_total{method="GET",...}`, written
 * as the exposition writes it), `undefined` when it is absent.
 */
export async function seriesValue(
  app: INestApplication,
  series: string,
): Promise<number | undefined> {
  const text = (await request(app.getHttpServer()).get('/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}
