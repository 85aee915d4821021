import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../apps/prediction-api/src/app.module';
import { configureApp } from '../../apps/prediction-api/src/app.setup';
import type { AppConfig } from '../../apps/prediction-api/src/config/app-config';
import { APP_CONFIG } from '../../apps/prediction-api/src/config/app-config.constants';

/** A running sample service, built the way `main.ts` builds it, on the test's environment. */
export interface TestApp {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Environment every test app starts from: quiet logs, no inherited database or cache. */
const BASE_ENV: NodeJS.ProcessEnv = { LOG_LEVEL: 'silent' };

/** Starts the sample service on `env` (layered over a quiet base) and listens on a free port. */
export async function startApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ ...BASE_ENV, ...env })],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: false,
  });
  configureApp(app, app.get<AppConfig>(APP_CONFIG));
  await app.listen(0, '127.0.0.1');
  return { app, http: request(app.getHttpServer()), close: () => app.close() };
}

/** One typical flower of each species (rows 1, 51 and 101 of Fisher's data set). */
export const FLOWERS = {
  setosa: { sepalLength: 5.1, sepalWidth: 3.5, petalLength: 1.4, petalWidth: 0.2 },
  versicolor: { sepalLength: 7.0, sepalWidth: 3.2, petalLength: 4.7, petalWidth: 1.4 },
  virginica: { sepalLength: 6.3, sepalWidth: 3.3, petalLength: 6.0, petalWidth: 2.5 },
} as const;

/** A flower no other test sends, so cache state never leaks between tests. */
export function uniqueFlower(): Record<string, number> {
  const jitter = () => Math.round(Math.random() * 1e6) / 1e8;
  return {
    sepalLength: 5.0 + jitter(),
    sepalWidth: 3.4 + jitter(),
    petalLength: 1.5 + jitter(),
    petalWidth: 0.2 + jitter(),
  };
}
