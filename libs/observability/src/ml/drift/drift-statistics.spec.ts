import {
  jensenShannonDistance,
  kolmogorovSmirnovStatistic,
  populationStabilityIndex,
} from './drift-statistics';
import { numericBin, numericProfile } from './reference-profile';

// Expected values computed independently with NumPy 2.4 and SciPy 1.17:
//   p, q = counts / counts.sum()
//   psi  = np.sum((q - p) * np.log(q / p)) with p, q = np.maximum(p, 1e-4), np.maximum(q, 1e-4)
//   js   = scipy.spatial.distance.jensenshannon(p, q, base=2)
//   ks   = scipy.stats.ks_2samp(reference_sample, current_sample).statistic
const STATISTICS = [
  ['psi', populationStabilityIndex],
  ['js', jensenShannonDistance],
  ['ks', kolmogorovSmirnovStatistic],
] as const;

/** Bin counts of `values` in the reference's quantile bins. */
function counts(edges: Float64Array, values: readonly number[]): Float64Array {
  const out = new Float64Array(edges.length + 1);
  for (const v of values) out[numericBin(edges, v)]! += 1;
  return out;
}

describe('drift statistics', () => {
  const rising = [10, 20, 30, 40];
  const falling = [40, 30, 20, 10];

  it('match NumPy/SciPy on a known pair of distributions', () => {
    expect(populationStabilityIndex(rising, falling)).toBeCloseTo(0.9128696382935673, 12);
    expect(jensenShannonDistance(rising, falling)).toBeCloseTo(0.3918681606471552, 12);
    expect(kolmogorovSmirnovStatistic(rising, falling)).toBeCloseTo(0.4, 12);
  });

  it('take counts or proportions alike', () => {
    const proportions = [0.1, 0.2, 0.3, 0.4];
    expect(jensenShannonDistance(rising, falling)).toBeCloseTo(
      jensenShannonDistance(proportions, [0.4, 0.3, 0.2, 0.1]),
      12,
    );
  });

  it('floor an empty bin at 1e-4 in the PSI, and JS handles it without floor', () => {
    expect(populationStabilityIndex([50, 50, 0], [20, 30, 50])).toBeCloseTo(4.634797220704422, 12);
    expect(jensenShannonDistance([50, 50, 0], [20, 30, 50])).toBeCloseTo(0.5622581256253156, 12);
  });

  it.each(STATISTICS)('%s is 0 for identical inputs, whatever their scale', (_, statistic) => {
    expect(statistic(rising, rising)).toBeCloseTo(0, 12);
    expect(
      statistic(
        rising,
        rising.map((c) => c * 7),
      ),
    ).toBeCloseTo(0, 12);
    expect(statistic([1, 0, 0, 5], [2, 0, 0, 10])).toBeCloseTo(0, 12);
  });

  it('reach their maximum for disjoint inputs: JS 1, KS 1, PSI 2·(1−1e-4)·ln(1e4)', () => {
    expect(jensenShannonDistance([5, 0], [0, 5])).toBe(1);
    expect(kolmogorovSmirnovStatistic([5, 0], [0, 5])).toBe(1);
    expect(populationStabilityIndex([5, 0], [0, 5])).toBeCloseTo(18.41883867587797, 10);
    expect(jensenShannonDistance([1, 1, 0, 0], [0, 0, 3, 1])).toBe(1);
  });

  it.each(STATISTICS)('%s is NaN when a side has no sample', (_, statistic) => {
    expect(statistic([0, 0, 0], [1, 2, 3])).toBeNaN();
    expect(statistic([1, 2, 3], [0, 0, 0])).toBeNaN();
  });

  it('small samples: one observation against a uniform reference', () => {
    expect(jensenShannonDistance([1, 1, 1, 1], [1, 0, 0, 0])).toBeCloseTo(0.740806952380577, 12);
    expect(kolmogorovSmirnovStatistic([1, 1, 1, 1], [1, 0, 0, 0])).toBeCloseTo(0.75, 12);
    // Three empty bins floored at 1e-4: (1−.25)·ln(4) + 3·(1e-4−.25)·ln(1e-4/.25).
    expect(populationStabilityIndex([1, 1, 1, 1], [1, 0, 0, 0])).toBeCloseTo(
      0.75 * Math.log(4) + 3 * (1e-4 - 0.25) * Math.log(1e-4 / 0.25),
      12,
    );
  });

  it('KS over fine quantile bins equals SciPy ks_2samp on the raw samples', () => {
    const reference = Array.from({ length: 100 }, (_, i) => i + 1);
    const current = Array.from({ length: 100 }, (_, i) => i + 31);
    const { edges, reference: ref } = numericProfile('x', reference, 100);
    expect(kolmogorovSmirnovStatistic(ref, counts(edges, current))).toBeCloseTo(0.3, 12);
  });

  it('over 10 quantile bins of a shifted uniform grid, match NumPy and stay under the exact KS', () => {
    const reference = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    const current = reference.map((x) => x + 0.2);
    const profile = numericProfile('x', reference, 10);
    expect([...profile.edges].map((e) => Math.round(e * 1e4) / 1e4)).toEqual([
      0.1004, 0.2003, 0.3002, 0.4001, 0.5, 0.5999, 0.6998, 0.7997, 0.8996,
    ]);
    expect([...profile.reference]).toEqual(Array(10).fill(100));
    const window = counts(profile.edges, current);
    expect([...window]).toEqual([0, 0, 100, 100, 100, 100, 100, 100, 100, 300]);
    expect(populationStabilityIndex(profile.reference, window)).toBeCloseTo(1.599891962474253, 10);
    expect(jensenShannonDistance(profile.reference, window)).toBeCloseTo(0.37113929340366725, 10);
    const ks = kolmogorovSmirnovStatistic(profile.reference, window);
    expect(ks).toBeCloseTo(0.2, 10); // ks_2samp on the raw samples: 0.201
    expect(ks).toBeLessThanOrEqual(0.201);
  });
});
