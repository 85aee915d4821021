import { DEFAULT_MODEL_PATH } from '../model/model-path';
import { PredictionModel } from '../model/prediction-model';
import { driftMonitorOf } from './model-drift.service';

describe('driftMonitorOf (the sample model against its training set)', () => {
  const model = PredictionModel.load(DEFAULT_MODEL_PATH);
  const rows = model.artifact.trainingSet?.rows ?? [];
  const flower = (i: number) =>
    Object.fromEntries(model.features.map((f, k) => [f, rows[i % rows.length]?.[k] ?? 0]));

  it.each([200, 300, 330, 1000])(
    'under DRIFT_WINDOW_SIZE=%i, exports every input once the window is full and keeps it',
    async (size) => {
      const monitor = driftMonitorOf(model, { driftWindowSize: size, driftRefreshMs: 3_600_000 });
      try {
        for (let i = 0; i < size; i++) monitor?.observe(flower(i * 7), 'setosa');
        for (let i = 0; i < size; i += 11) {
          for (let k = 0; k < 11; k++) monitor?.observe(flower(i + k), 'setosa');
          const report = await monitor?.refresh();
          expect(report?.features.map((f) => f.drift.psi !== undefined)).toEqual([
            true,
            true,
            true,
            true,
          ]);
        }
      } finally {
        monitor?.stop();
      }
    },
  );
});
