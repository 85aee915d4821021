import { loadIrisSplit, IRIS_FEATURES, IRIS_SOURCE } from './iris.dataset';
import type { ModelArtifact } from './model-artifact';
import { modelDigest } from './model-artifact';
import { argmax, predictProbabilities, trainSoftmax } from './softmax-regression';
import type { SoftmaxParameters, TrainingSettings } from './softmax-regression';
import { fitStandardization, standardize } from './standardizer';

/** Settings used by `npm run train`; changing them is a new model version. */
export const DEFAULT_TRAINING: TrainingSettings = {
  iterations: 3000,
  learningRate: 0.5,
  l2: 0.001,
};

function accuracy(params: SoftmaxParameters, x: number[][], y: number[]): number {
  const correct = x.filter((row, i) => argmax(predictProbabilities(params, row)) === y[i]).length;
  return x.length === 0 ? 0 : correct / x.length;
}

/**
 * Trains the Iris classifier and returns the model artifact. The same version and settings always
 * give the same parameters and digest; only `trainedAt` differs between runs.
 */
export function trainIrisModel(
  version: string,
  settings: TrainingSettings = DEFAULT_TRAINING,
  trainedAt: Date = new Date(),
): ModelArtifact {
  const data = loadIrisSplit();
  const standardization = fitStandardization(data.train.x);
  const trainX = data.train.x.map((r) => standardize(standardization, r));
  const testX = data.test.x.map((r) => standardize(standardization, r));
  const parameters = trainSoftmax(trainX, data.train.y, data.classes.length, settings);
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  const body: Omit<ModelArtifact, 'sha256'> = {
    format: 'softmax-regression/v1',
    name: 'iris-softmax',
    version,
    trainedAt: trainedAt.toISOString(),
    dataset: { source: IRIS_SOURCE, trainRows: trainX.length, testRows: testX.length },
    features: [...IRIS_FEATURES],
    classes: [...data.classes],
    standardization,
    parameters,
    training: { ...settings },
    evaluation: {
      trainAccuracy: round(accuracy(parameters, trainX, data.train.y)),
      testAccuracy: round(accuracy(parameters, testX, data.test.y)),
    },
    trainingSet: {
      rows: data.train.x.map((row) => [...row]),
      labels: data.train.y.map((k) => data.classes[k] as string),
    },
  };
  return { ...body, sha256: modelDigest(body) };
}
