import { InvalidInputException } from '../http/invalid-input.exception';

/** Ids are a bigserial: a positive whole number JavaScript holds exactly. */
const ID = /^[1-9][0-9]{0,15}$/;

/** Validates the `:id` of `/predictions/:id/feedback`, or throws a 400 naming it. */
export function parsePredictionId(raw: string): number {
  const id = ID.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isSafeInteger(id)) return id;
  throw new InvalidInputException([
    {
      field: 'id',
      reason: `must be the id of a prediction (a positive whole number), got ${JSON.stringify(raw.slice(0, 40))}`,
    },
  ]);
}

/** Validates `{ "label": "<class>" }` against the model's classes, or throws a 400 naming the field. */
export function parseFeedback(body: unknown, classes: readonly string[]): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInputException([
      {
        field: 'body',
        reason:
          'must be a JSON object { "label": "<class>" } sent with Content-Type: application/json',
      },
    ]);
  }
  const record = body as Record<string, unknown>;
  const errors = Object.keys(record)
    .filter((key) => key !== 'label')
    .map((key) => ({ field: key, reason: 'is not allowed (only "label")' }));
  const label = record.label;
  if (label === undefined) errors.push({ field: 'label', reason: 'is required' });
  else if (typeof label !== 'string' || !classes.includes(label)) {
    errors.push({
      field: 'label',
      reason: `must be one of the model's classes (${classes.join(', ')}), got ${JSON.stringify(label)?.slice(0, 40) ?? 'nothing'}`,
    });
  }
  if (errors.length > 0) throw new InvalidInputException(errors);
  return label as string;
}
