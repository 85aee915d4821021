import type { FieldError } from '../http/invalid-input.exception';
import { InvalidInputException } from '../http/invalid-input.exception';
import type { FeatureVector } from '../model/prediction-model';

/** Measurements are centimetres: a flower part is never negative nor a metre long. */
const MAX_MEASUREMENT = 100;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const describe = (v: unknown): string =>
  v === null
    ? 'null'
    : v === undefined
      ? 'nothing'
      : Array.isArray(v)
        ? 'an array'
        : typeof v === 'object'
          ? 'an object'
          : `a ${typeof v}`;

/** What a request without a JSON body (often a wrong Content-Type) is told. */
const MISSING_BODY: FieldError = {
  field: 'body',
  reason: 'is missing: send a JSON object with the header Content-Type: application/json',
};

/** Problems of one feature object, each with a field path under `prefix`. */
function featureErrors(body: unknown, names: readonly string[], prefix: string): FieldError[] {
  const at = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
  if (body === undefined && prefix === '') return [MISSING_BODY];
  if (!isRecord(body)) {
    return [
      {
        field: prefix === '' ? 'body' : prefix,
        reason: `must be a JSON object of features, got ${describe(body)}`,
      },
    ];
  }
  const errors: FieldError[] = [];
  for (const name of names) {
    const value = body[name];
    if (value === undefined) errors.push({ field: at(name), reason: 'is required' });
    else if (typeof value !== 'number')
      errors.push({ field: at(name), reason: `must be a number, got ${describe(value)}` });
    else if (!Number.isFinite(value))
      errors.push({ field: at(name), reason: 'must be a finite number' });
    else if (value < 0 || value > MAX_MEASUREMENT) {
      errors.push({
        field: at(name),
        reason: `must be between 0 and ${MAX_MEASUREMENT} (centimetres), got ${value}`,
      });
    }
  }
  for (const key of Object.keys(body)) {
    if (!names.includes(key))
      errors.push({
        field: at(key),
        reason: `is not a feature of this model (expected ${names.join(', ')})`,
      });
  }
  return errors;
}

/** Validates one feature object or throws a 400 naming every bad field. */
export function parseFeatures(body: unknown, names: readonly string[]): FeatureVector {
  const errors = featureErrors(body, names, '');
  if (errors.length > 0) throw new InvalidInputException(errors);
  return body as FeatureVector;
}

/** Validates `{ rows: [...] }` with 1 to `maxRows` feature objects or throws a 400. */
export function parseBatch(
  body: unknown,
  names: readonly string[],
  maxRows: number,
): FeatureVector[] {
  if (body === undefined) throw new InvalidInputException([MISSING_BODY]);
  if (!isRecord(body)) {
    throw new InvalidInputException([
      { field: 'body', reason: `must be a JSON object { "rows": [...] }, got ${describe(body)}` },
    ]);
  }
  const extra = Object.keys(body).filter((k) => k !== 'rows');
  const rows = body.rows;
  const errors: FieldError[] = extra.map((k) => ({
    field: k,
    reason: 'is not allowed (only "rows")',
  }));
  if (!Array.isArray(rows)) {
    errors.push({
      field: 'rows',
      reason: rows === undefined ? 'is required' : `must be an array, got ${describe(rows)}`,
    });
  } else if (rows.length === 0 || rows.length > maxRows) {
    errors.push({ field: 'rows', reason: `must hold 1 to ${maxRows} rows, got ${rows.length}` });
  } else {
    rows.forEach((row, i) => errors.push(...featureErrors(row, names, `rows[${i}]`)));
  }
  if (errors.length > 0) throw new InvalidInputException(errors);
  return rows as FeatureVector[];
}

/** Validates the `limit` query parameter of `GET /predictions`. */
export function parseLimit(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isSafeInteger(value) && value >= 1 && value <= max) return value;
  throw new InvalidInputException([
    {
      field: 'limit',
      reason: `must be a whole number from 1 to ${max}, got ${JSON.stringify(raw)}`,
    },
  ]);
}
