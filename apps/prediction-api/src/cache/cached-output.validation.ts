import type { ModelOutput } from '../model/prediction-model';

/** How far the probabilities of a cached answer may sum from 1 (float rounding, not tampering). */
const SUM_TOLERANCE = 1e-6;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The model output stored in a cache entry, or `undefined` when the entry is not one this model
 * could have written: not JSON, another shape (an error body, a whole API answer), a class the
 * model does not have, probabilities that are missing, out of [0, 1], not finite or not summing
 * to 1, or a prediction that is not the most probable class. A cache is shared and outlives
 * processes: what comes out of it is input, and is checked like input.
 *
 * @param raw the entry as stored
 * @param classes the model's classes, in order
 */
export function parseCachedOutput(
  raw: string,
  classes: readonly string[],
): ModelOutput | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || Object.keys(value).length !== 2) return undefined;
  const { prediction, probabilities } = value;
  if (typeof prediction !== 'string' || !classes.includes(prediction)) return undefined;
  if (!isRecord(probabilities) || Object.keys(probabilities).length !== classes.length) {
    return undefined;
  }
  const checked: Record<string, number> = {};
  for (const c of classes) {
    const x = probabilities[c];
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) return undefined; // NaN fails too
    checked[c] = x;
  }
  const p = Object.values(checked);
  if (Math.abs(p.reduce((a, b) => a + b, 0) - 1) > SUM_TOLERANCE) return undefined;
  if (p.some((x) => x > (checked[prediction] as number))) return undefined;
  return { prediction, probabilities: checked };
}
