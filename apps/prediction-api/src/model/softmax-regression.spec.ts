import { argmax, predictProbabilities, softmax, trainSoftmax } from './softmax-regression';
import { fitStandardization, standardize } from './standardizer';

describe('softmax', () => {
  it('gives known probabilities', () => {
    const [a, b] = softmax([Math.log(3), 0]);
    expect(a).toBeCloseTo(0.75, 12);
    expect(b).toBeCloseTo(0.25, 12);
  });

  it('stays finite for huge scores', () => {
    const p = softmax([1000, 999, -1000]);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });
});

describe('predictProbabilities', () => {
  it('applies weights and bias per class', () => {
    const params = {
      weights: [
        [1, 0],
        [0, 1],
      ],
      bias: [0, Math.log(2)],
    };
    // scores: [ln 3, ln 2] -> probabilities [3/5, 2/5]
    const [a, b] = predictProbabilities(params, [Math.log(3), 0]);
    expect(a).toBeCloseTo(0.6, 12);
    expect(b).toBeCloseTo(0.4, 12);
  });
});

describe('argmax', () => {
  it('returns the first index of the largest value', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax([0.5, 0.5])).toBe(0);
  });
});

describe('trainSoftmax', () => {
  it('separates two linearly separable classes', () => {
    const x = [[-2], [-1.5], [-1], [1], [1.5], [2]];
    const y = [0, 0, 0, 1, 1, 1];
    const params = trainSoftmax(x, y, 2, { iterations: 500, learningRate: 0.5, l2: 0 });
    expect(x.map((row) => argmax(predictProbabilities(params, row)))).toEqual(y);
    expect(predictProbabilities(params, [3])[1]).toBeGreaterThan(0.95);
  });

  it('is deterministic', () => {
    const x = [
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const y = [0, 1, 2];
    const settings = { iterations: 50, learningRate: 0.1, l2: 0.01 };
    expect(trainSoftmax(x, y, 3, settings)).toEqual(trainSoftmax(x, y, 3, settings));
  });
});

describe('standardization', () => {
  it('centres and scales each column, and leaves a constant column finite', () => {
    const s = fitStandardization([
      [1, 5],
      [3, 5],
    ]);
    expect(s).toEqual({ mean: [2, 5], std: [1, 1] });
    expect(standardize(s, [3, 5])).toEqual([1, 0]);
  });
});
