/** Per-feature mean and standard deviation, learned on the training rows. */
export interface Standardization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Learns the mean and (population) standard deviation of each column; a constant column gets 1. */
export function fitStandardization(rows: readonly (readonly number[])[]): Standardization {
  const width = rows[0]?.length ?? 0;
  const mean = Array.from({ length: width }, (_, j) => average(rows.map((r) => r[j] ?? 0)));
  const std = mean.map((m, j) => {
    const variance = average(rows.map((r) => ((r[j] ?? 0) - m) ** 2));
    return variance > 0 ? Math.sqrt(variance) : 1;
  });
  return { mean, std };
}

/** Scales one row to zero mean and unit variance with learned statistics. */
export function standardize(s: Standardization, row: readonly number[]): number[] {
  return row.map((v, j) => (v - (s.mean[j] ?? 0)) / (s.std[j] ?? 1));
}

function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
