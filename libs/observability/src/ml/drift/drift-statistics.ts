/**
 * The drift statistics, computed on two histograms over the same bins (counts or proportions):
 * the reference's and the window's. Pure functions of numbers, allocation-free.
 *
 * Written here rather than taken from a package: each is a few lines over bin counts, and the
 * statistics packages on npm work on raw samples, which the monitor never keeps.
 */

/**
 * Smallest proportion a bin takes in the PSI, so that an empty bin weighs ln(p / 1e-4) instead of
 * an infinity (the floor Evidently uses).
 *
 * @internal
 */
export const PSI_FLOOR = 1e-4;

/** Sum of `values`. */
function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return sum;
}

/**
 * Population stability index: Σ (cᵢ − rᵢ) · ln(cᵢ / rᵢ) over the bins' proportions, each floored
 * at `PSI_FLOOR`. 0 for identical distributions; 0.1 is the usual "watch" and 0.2 the "act"
 * threshold. Unbounded above: disjoint distributions give about 9.2 per pair of bins (the floor's
 * logarithm). `NaN` when either histogram is empty.
 *
 * @internal
 */
export function populationStabilityIndex(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): number {
  const r = total(reference);
  const c = total(current);
  if (r <= 0 || c <= 0) return Number.NaN;
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = Math.max((reference[i] ?? 0) / r, PSI_FLOOR);
    const q = Math.max((current[i] ?? 0) / c, PSI_FLOOR);
    psi += (q - p) * Math.log(q / p);
  }
  return psi;
}

/**
 * Jensen-Shannon distance with base-2 logarithms: the square root of the Jensen-Shannon
 * divergence, from 0 (identical) to 1 (disjoint). `NaN` when either histogram is empty.
 *
 * @internal
 */
export function jensenShannonDistance(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): number {
  const r = total(reference);
  const c = total(current);
  if (r <= 0 || c <= 0) return Number.NaN;
  let divergence = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = (reference[i] ?? 0) / r;
    const q = (current[i] ?? 0) / c;
    const m = (p + q) / 2;
    if (p > 0) divergence += 0.5 * p * Math.log2(p / m);
    if (q > 0) divergence += 0.5 * q * Math.log2(q / m);
  }
  // Rounding can leave a tiny negative sum for identical inputs.
  return Math.sqrt(Math.min(1, Math.max(0, divergence)));
}

/**
 * Two-sample Kolmogorov-Smirnov statistic over ordered bins: the largest gap between the two
 * cumulative distributions at the bins' upper edges, from 0 to 1. With the reference's quantile
 * edges it is the exact statistic of the two samples evaluated at those edges (a lower bound of
 * the statistic over every point). `NaN` when either histogram is empty.
 *
 * @internal
 */
export function kolmogorovSmirnovStatistic(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
): number {
  const r = total(reference);
  const c = total(current);
  if (r <= 0 || c <= 0) return Number.NaN;
  let cr = 0;
  let cc = 0;
  let max = 0;
  for (let i = 0; i < reference.length; i++) {
    cr += (reference[i] ?? 0) / r;
    cc += (current[i] ?? 0) / c;
    max = Math.max(max, Math.abs(cr - cc));
  }
  return Math.min(1, max);
}
