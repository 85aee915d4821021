import { createHash } from 'node:crypto';
import type { SoftmaxParameters } from './softmax-regression';
import type { Standardization } from './standardizer';

/** The versioned model file written by `npm run train` and loaded by the service. */
export interface ModelArtifact {
  readonly format: 'softmax-regression/v1';
  readonly name: string;
  readonly version: string;
  readonly trainedAt: string;
  readonly dataset: {
    readonly source: string;
    readonly trainRows: number;
    readonly testRows: number;
  };
  readonly features: readonly string[];
  readonly classes: readonly string[];
  readonly standardization: Standardization;
  readonly parameters: SoftmaxParameters;
  readonly training: {
    readonly iterations: number;
    readonly learningRate: number;
    readonly l2: number;
  };
  readonly evaluation: { readonly trainAccuracy: number; readonly testAccuracy: number };
  /**
   * The rows the model was trained on, raw (before standardization), in `features` order, and
   * their labels: the reference the drift monitor compares live inputs with. Files written
   * before it existed lack it; they serve predictions without drift monitoring.
   */
  readonly trainingSet?: { readonly rows: readonly number[][]; readonly labels: readonly string[] };
  /** SHA-256 of the fields that change predictions, so a damaged file is caught at load. */
  readonly sha256: string;
}

/** The artifact fields that determine predictions, in a fixed order. */
export function modelDigest(a: Omit<ModelArtifact, 'sha256'>): string {
  const material = JSON.stringify([
    a.format,
    a.features,
    a.classes,
    a.standardization,
    a.parameters,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

const isNumberArray = (v: unknown, length: number): v is number[] =>
  Array.isArray(v) &&
  v.length === length &&
  v.every((n) => typeof n === 'number' && Number.isFinite(n));

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s.length > 0);

/**
 * Checks a parsed model file field by field and returns it typed, or throws an error that says
 * which file and which field is wrong and how to get a good file.
 */
export function parseModelArtifact(json: unknown, path: string): ModelArtifact {
  const fail = (what: string): never => {
    throw new Error(
      `Model file ${path} is not a valid model: ${what}. Fix: point MODEL_PATH at a file written by "npm run train", or run it to write a new one.`,
    );
  };
  if (typeof json !== 'object' || json === null) return fail('it is not a JSON object');
  const a = json as Partial<Record<keyof ModelArtifact, unknown>>;
  if (a.format !== 'softmax-regression/v1')
    fail(`format is ${JSON.stringify(a.format)}, expected "softmax-regression/v1"`);
  if (typeof a.name !== 'string' || a.name === '') fail('name is missing');
  if (typeof a.version !== 'string' || !/^\d+\.\d+\.\d+/.test(a.version))
    fail('version is not a semantic version');
  if (!isStringArray(a.features)) return fail('features is not a list of names');
  if (!isStringArray(a.classes) || a.classes.length < 2)
    return fail('classes lists fewer than two names');
  const width = a.features.length;
  const s = a.standardization as Partial<Standardization> | undefined;
  if (
    !isNumberArray(s?.mean, width) ||
    !isNumberArray(s?.std, width) ||
    s.std.some((v) => v <= 0)
  ) {
    fail(`standardization must hold ${width} means and ${width} positive deviations`);
  }
  const p = a.parameters as Partial<SoftmaxParameters> | undefined;
  const rowsOk =
    Array.isArray(p?.weights) &&
    p.weights.length === a.classes.length &&
    p.weights.every((r) => isNumberArray(r, width));
  if (!rowsOk || !isNumberArray(p?.bias, a.classes.length)) {
    fail(
      `parameters must hold ${a.classes.length}×${width} weights and ${a.classes.length} biases`,
    );
  }
  const t = a.trainingSet as Partial<NonNullable<ModelArtifact['trainingSet']>> | undefined;
  const classes = new Set(a.classes);
  if (
    t !== undefined &&
    !(
      Array.isArray(t.rows) &&
      t.rows.length > 0 &&
      t.rows.every((r) => isNumberArray(r, width)) &&
      Array.isArray(t.labels) &&
      t.labels.length === t.rows.length &&
      t.labels.every((l) => typeof l === 'string' && classes.has(l))
    )
  ) {
    fail(`trainingSet must hold rows of ${width} numbers and one class label per row`);
  }
  const artifact = json as ModelArtifact;
  if (artifact.sha256 !== modelDigest(artifact))
    fail('its sha256 does not match its parameters (the file was changed or damaged)');
  return artifact;
}
