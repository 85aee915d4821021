/** How a feature's values are compared: numbers by quantile bins, labels by frequency. @publicApi */
export type FeatureKind = 'numeric' | 'categorical';

/**
 * A numeric feature of the reference: the interior edges of its quantile bins (value `x` falls in
 * bin `i` when `edges[i-1] <= x < edges[i]`, the first and last bins open-ended), its range, and
 * the reference's count in each bin.
 *
 * @internal
 */
export interface NumericProfile {
  readonly kind: 'numeric';
  readonly name: string;
  readonly edges: Float64Array;
  readonly min: number;
  readonly max: number;
  readonly reference: Float64Array;
}

/**
 * A categorical feature of the reference: its most frequent values, each a bin, and one last bin
 * for every other value (rare in the reference, or never seen there); the reference's count in
 * each bin.
 *
 * @internal
 */
export interface CategoricalProfile {
  readonly kind: 'categorical';
  readonly name: string;
  readonly categories: ReadonlyMap<string, number>;
  /** Index of the bin of values that are not among `categories`. */
  readonly other: number;
  readonly reference: Float64Array;
}

/** One feature of the reference. @internal */
export type FeatureProfile = NumericProfile | CategoricalProfile;

/** Whether `value` counts as a number of a numeric feature. @internal */
export const isNumericValue = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** A categorical value as its key, or `undefined` when it is missing (absent, null or empty). @internal */
export function categoryKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** The bin of `x` among `edges` (sorted): how many edges are at or below it. @internal */
export function numericBin(edges: Float64Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The `q` quantile of sorted `values`, interpolated linearly (type 7, as numpy's default). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}

/**
 * Profiles numeric feature `name` from its reference values: `bins` quantile bins (fewer when
 * values repeat, since equal edges merge). Values that are not finite numbers are skipped.
 *
 * @internal
 */
export function numericProfile(
  name: string,
  values: readonly unknown[],
  bins: number,
): NumericProfile {
  const sorted = values.filter(isNumericValue).sort((a, b) => a - b);
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = quantile(sorted, k / bins);
    if (edge > (sorted[0] as number) && edge !== edges[edges.length - 1]) edges.push(edge);
  }
  const edgeArray = Float64Array.from(edges);
  const reference = new Float64Array(edges.length + 1);
  for (const x of sorted) reference[numericBin(edgeArray, x)]! += 1;
  return {
    kind: 'numeric',
    name,
    edges: edgeArray,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    reference,
  };
}

/**
 * Profiles categorical feature `name` from its reference values: the `maxCategories` most
 * frequent values (ties by name) get a bin each, the rest share the last bin. Missing values are
 * skipped.
 *
 * @internal
 */
export function categoricalProfile(
  name: string,
  values: readonly unknown[],
  maxCategories: number,
): CategoricalProfile {
  const counts = new Map<string, number>();
  for (const value of values) {
    const key = categoryKey(value);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = ranked.slice(0, maxCategories);
  const categories = new Map(kept.map(([key], i) => [key, i]));
  const reference = new Float64Array(kept.length + 1);
  kept.forEach(([, count], i) => (reference[i] = count));
  for (const [, count] of ranked.slice(maxCategories)) reference[kept.length]! += count;
  return { kind: 'categorical', name, categories, other: kept.length, reference };
}

/** How many bins `profile` has. @internal */
export const binCount = (profile: FeatureProfile): number => profile.reference.length;
