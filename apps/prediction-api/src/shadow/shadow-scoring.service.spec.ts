import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { loadAppConfig } from '../config/app-config';
import { DEFAULT_MODEL_PATH } from '../model/model-path';
import { PredictionModel } from '../model/prediction-model';
import { trainIrisModel } from '../model/train';
import { ShadowScoring } from './shadow-scoring.service';

describe('ShadowScoring when the shadow model fails on its inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shadow-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('warns at the first failure, then at most once a minute with the count since', async () => {
    const shadowPath = join(dir, 'shadow.json');
    const artifact = trainIrisModel('1.1.0', { iterations: 5, learningRate: 0.5, l2: 0.001 });
    writeFileSync(shadowPath, JSON.stringify(artifact));
    const served = PredictionModel.load(DEFAULT_MODEL_PATH);
    const counter = (name: string, labelNames: string[]) =>
      new Counter({ name, help: name, labelNames, registers: [] });
    const scoring = new ShadowScoring(
      served,
      loadAppConfig({ SHADOW_MODEL_PATH: shadowPath, DRIFT_REFRESH_MS: '3600000' }),
      counter('load_failures_total', ['role']),
      counter('agreement_total', ['model_version', 'shadow_version', 'agree']),
      counter('dropped_total', ['shadow_version']),
    );
    const warnings: string[] = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    scoring.onModuleInit();
    jest.spyOn(PredictionModel.prototype, 'predict').mockImplementation(() => {
      throw new RangeError('weights out of range');
    });
    const flower = { sepalLength: 5.1, sepalWidth: 3.5, petalLength: 1.4, petalWidth: 0.2 };
    try {
      for (let i = 0; i < 120; i++) scoring.score(flower, 'setosa');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fix =
        'The served answers are not affected. Fix: check the model at SHADOW_MODEL_PATH, or unset it.';
      expect(warnings).toEqual([
        `The shadow model failed on one input: weights out of range. ${fix}`,
      ]);
      const minuteLater = performance.now() + 61_000;
      jest.spyOn(performance, 'now').mockImplementation(() => minuteLater);
      scoring.score(flower, 'setosa');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(warnings).toEqual([
        `The shadow model failed on one input: weights out of range. ${fix}`,
        `The shadow model failed on 120 inputs since its last warning: weights out of range. ${fix}`,
      ]);
    } finally {
      jest.restoreAllMocks();
      scoring.onModuleDestroy();
    }
  });
});
