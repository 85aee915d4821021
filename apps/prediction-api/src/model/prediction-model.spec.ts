import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_PATH } from './model-path';
import { PredictionModel } from './prediction-model';
import { trainIrisModel } from './train';

const model = PredictionModel.load(DEFAULT_MODEL_PATH);
const tmp = mkdtempSync(join(tmpdir(), 'model-spec-'));
const writeModel = (name: string, content: string) => {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
};

describe('PredictionModel (the committed Iris model)', () => {
  it.each([
    // Rows 1, 51 and 101 of Fisher's data set: one typical flower of each species.
    ['setosa', { sepalLength: 5.1, sepalWidth: 3.5, petalLength: 1.4, petalWidth: 0.2 }],
    ['versicolor', { sepalLength: 7.0, sepalWidth: 3.2, petalLength: 4.7, petalWidth: 1.4 }],
    ['virginica', { sepalLength: 6.3, sepalWidth: 3.3, petalLength: 6.0, petalWidth: 2.5 }],
  ])('classifies a typical %s', (expected, features) => {
    const out = model.predict(features);
    expect(out.prediction).toBe(expected);
    expect(out.probabilities[expected]).toBeGreaterThan(0.8);
    const total = Object.values(out.probabilities).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 10);
  });

  it('records its version, classes, features and held-out accuracy', () => {
    expect(model.version).toBe('1.0.0');
    expect(model.artifact.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(model.features).toEqual(['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth']);
    expect(model.artifact.evaluation.testAccuracy).toBeGreaterThanOrEqual(0.93);
    expect(model.loadSeconds).toBeGreaterThan(0);
  });

  it('is reproduced exactly by the training script (the committed file has not drifted)', () => {
    const retrained = trainIrisModel(model.version);
    expect(retrained.sha256).toBe(model.artifact.sha256);
    expect(retrained.evaluation).toEqual(model.artifact.evaluation);
    expect(retrained.trainingSet).toEqual(model.artifact.trainingSet);
  });

  it('embeds its training set, raw and labelled: the reference of the drift monitor', () => {
    const set = model.artifact.trainingSet;
    expect(set?.rows).toHaveLength(model.artifact.dataset.trainRows);
    expect(set?.labels).toHaveLength(120);
    expect(new Set(set?.labels)).toEqual(new Set(model.artifact.classes));
    // Row 1 of Fisher's data set, in centimetres, before standardization.
    expect(set?.rows[0]).toEqual([5.1, 3.5, 1.4, 0.2]);
  });
});

describe('PredictionModel.load errors', () => {
  it('names the path and the fix for a missing file', () => {
    expect(() => PredictionModel.load(join(tmp, 'nope.json'))).toThrow(
      /MODEL_PATH=.*nope\.json \(ENOENT\).*npm run train/,
    );
  });

  it('rejects a file that is not JSON', () => {
    expect(() => PredictionModel.load(writeModel('bad.json', '{oops'))).toThrow(/is not JSON/);
  });

  it('rejects a file whose parameters were changed', () => {
    const artifact = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as {
      parameters: { bias: number[] };
    };
    artifact.parameters.bias[0] = (artifact.parameters.bias[0] ?? 0) + 1;
    const path = writeModel('tampered.json', JSON.stringify(artifact));
    expect(() => PredictionModel.load(path)).toThrow(/sha256 does not match/);
  });

  it('rejects a file with the wrong shape', () => {
    const artifact = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as {
      parameters: { weights: number[][] };
    };
    artifact.parameters.weights.pop();
    const path = writeModel('short.json', JSON.stringify(artifact));
    expect(() => PredictionModel.load(path)).toThrow(/3×4 weights/);
  });

  it('rejects a training set whose labels are not classes, and loads a file without one', () => {
    const artifact = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as {
      trainingSet?: { labels: string[] };
    };
    (artifact.trainingSet as { labels: string[] }).labels[3] = 'rose';
    const path = writeModel('bad-reference.json', JSON.stringify(artifact));
    expect(() => PredictionModel.load(path)).toThrow(/trainingSet must hold rows of 4 numbers/);
    delete artifact.trainingSet;
    const older = PredictionModel.load(writeModel('older.json', JSON.stringify(artifact)));
    expect(older.artifact.trainingSet).toBeUndefined();
  });
});
