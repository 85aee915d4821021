/**
 * Multinomial logistic regression (softmax regression): the model behind the sample service.
 * Pure functions over plain arrays, so training and inference can be tested against known answers.
 */

/** Learned parameters: one weight row and one bias per class, over standardized features. */
export interface SoftmaxParameters {
  /** `weights[k][j]`: weight of feature j for class k. */
  readonly weights: readonly (readonly number[])[];
  /** `bias[k]`: intercept of class k. */
  readonly bias: readonly number[];
}

/** Training settings. */
export interface TrainingSettings {
  readonly iterations: number;
  readonly learningRate: number;
  /** L2 penalty on the weights (not the bias). */
  readonly l2: number;
}

/** Numerically stable softmax: subtracts the largest score before exponentiating. */
export function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Class probabilities for one (already standardized) feature vector. */
export function predictProbabilities(params: SoftmaxParameters, x: readonly number[]): number[] {
  const scores = params.weights.map((row, k) => {
    let z = params.bias[k] ?? 0;
    for (let j = 0; j < row.length; j++) z += (row[j] ?? 0) * (x[j] ?? 0);
    return z;
  });
  return softmax(scores);
}

/** Index of the largest value (the first one on a tie). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

/**
 * Full-batch gradient descent on the mean cross-entropy plus an L2 penalty. Deterministic: the
 * parameters start at zero and the data order does not matter, so the same data and settings give
 * the same model bit for bit.
 *
 * @param x standardized feature rows
 * @param y class index of each row, from 0 to `classCount - 1`
 */
export function trainSoftmax(
  x: readonly (readonly number[])[],
  y: readonly number[],
  classCount: number,
  settings: TrainingSettings,
): SoftmaxParameters {
  const featureCount = x[0]?.length ?? 0;
  const weights = Array.from({ length: classCount }, () => new Array<number>(featureCount).fill(0));
  const bias = new Array<number>(classCount).fill(0);
  const n = x.length;
  for (let iter = 0; iter < settings.iterations; iter++) {
    const gradW = Array.from({ length: classCount }, () => new Array<number>(featureCount).fill(0));
    const gradB = new Array<number>(classCount).fill(0);
    for (let i = 0; i < n; i++) {
      const row = x[i] ?? [];
      const p = predictProbabilities({ weights, bias }, row);
      for (let k = 0; k < classCount; k++) {
        const error = (p[k] ?? 0) - (y[i] === k ? 1 : 0);
        gradB[k] = (gradB[k] ?? 0) + error / n;
        const gw = gradW[k] ?? [];
        for (let j = 0; j < featureCount; j++) gw[j] = (gw[j] ?? 0) + (error * (row[j] ?? 0)) / n;
      }
    }
    for (let k = 0; k < classCount; k++) {
      const w = weights[k] ?? [];
      const gw = gradW[k] ?? [];
      for (let j = 0; j < featureCount; j++) {
        w[j] = (w[j] ?? 0) - settings.learningRate * ((gw[j] ?? 0) + settings.l2 * (w[j] ?? 0));
      }
      bias[k] = (bias[k] ?? 0) - settings.learningRate * (gradB[k] ?? 0);
    }
  }
  return { weights, bias };
}
