/**
 * The drift statistics, computed on two histograms over the same bins (counts or proportions):
 * the reference's and the window's. Pure functions of numbers, allocation-free.
 *
 * Written here rather than taken from a package: each is a few lines over bin counts, and the
 * statistics packages on npm work on raw samples, which the monitor never keeps.
 */

import type { DriftMethod } from '../../slo/slo.interface';

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
 * Sums `f` over the bins of both histograms as proportions (`p` the reference's, `q` the
 * current one's), or `NaN` when either histogram is empty.
 */
function overBins(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  f: (p: number, q: number) => number,
): number {
  const r = total(reference);
  const c = total(current);
  if (r <= 0 || c <= 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < reference.length; i++)
    sum += f((reference[i] ?? 0) / r, (current[i] ?? 0) / c);
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
  return overBins(reference, current, (p, q) => {
    const r = Math.max(p, PSI_FLOOR);
    const c = Math.max(q, PSI_FLOOR);
    return (c - r) * Math.log(c / r);
  });
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
  const divergence = overBins(reference, current, (p, q) => {
    const m = (p + q) / 2;
    return (p > 0 ? 0.5 * p * Math.log2(p / m) : 0) + (q > 0 ? 0.5 * q * Math.log2(q / m) : 0);
  });
  if (Number.isNaN(divergence)) return divergence;
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
  // The running gap between the cumulative distributions; its largest absolute value is kept.
  let gap = 0;
  let max = 0;
  const found = overBins(reference, current, (p, q) => {
    gap += p - q;
    max = Math.max(max, Math.abs(gap));
    return 0;
  });
  return Number.isNaN(found) ? found : Math.min(1, max);
}

/**
 * The drift of `current` against `reference` (bin counts over the same bins): every statistic
 * (`ks` only when the bins are `ordered`), or none while `current` holds fewer than `minSamples`.
 *
 * @internal
 */
export function compareBins(
  reference: Float64Array,
  current: Float64Array,
  ordered: boolean,
  minSamples: number,
): { samples: number; drift: Partial<Record<DriftMethod, number>> } {
  let samples = 0;
  for (const count of current) samples += count;
  if (samples < minSamples) return { samples, drift: {} };
  const drift: Partial<Record<DriftMethod, number>> = {
    psi: populationStabilityIndex(reference, current),
    js: jensenShannonDistance(reference, current),
  };
  if (ordered) drift.ks = kolmogorovSmirnovStatistic(reference, current);
  return { samples, drift };
}
