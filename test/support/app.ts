import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../apps/prediction-api/src/app.module';
import { configureApp } from '../../apps/prediction-api/src/app.setup';
import type { AppConfig } from '../../apps/prediction-api/src/config/app-config';
import { APP_CONFIG } from '../../apps/prediction-api/src/config/app-config.constants';
import { DEFAULT_MODEL_PATH } from '../../apps/prediction-api/src/model/model-path';

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

/** The training set the committed model embeds: flowers from the distribution it learned. */
const TRAINING_ROWS = (
  JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as { trainingSet: { rows: number[][] } }
).trainingSet.rows;

/**
 * A flower no other test sends, so cache state never leaks between tests: a training flower
 * drawn at random, each measurement lengthened by under 0.001 cm. Traffic of these stays in
 * the model's training distribution, so the drift monitor reads no drift from it.
 */
export function uniqueFlower(): Record<string, number> {
  const row = TRAINING_ROWS[Math.floor(Math.random() * TRAINING_ROWS.length)] as number[];
  const jitter = () => Math.round(Math.random() * 1e5) / 1e8;
  const [sepalLength, sepalWidth, petalLength, petalWidth] = row.map((v) => v + jitter());
  return {
    sepalLength: sepalLength ?? 0,
    sepalWidth: sepalWidth ?? 0,
    petalLength: petalLength ?? 0,
    petalWidth: petalWidth ?? 0,
  };
}
