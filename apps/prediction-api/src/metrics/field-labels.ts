/** The label value every input outside a closed set shares (a field name, a class name). */
export const UNKNOWN_LABEL = 'unknown';

/**
 * Request fields that are not features: the body as a whole, the batch, its rows, the list limit,
 * the key header, and a feedback's prediction id and label.
 */
const REQUEST_FIELDS = [
  'body',
  'rows',
  'rows[]',
  'limit',
  'Idempotency-Key',
  'id',
  'label',
] as const;

/**
 * Maps a validation error's field path to a label value from a closed set fixed at startup: each
 * feature (`sepalLength`), each feature of a batch row with its index folded
 * (`rows[].sepalLength`), the request fields above, and `unknown` for everything else. A field
 * path is built from the client's body keys, so it is never a label value itself: 1,000 invented
 * keys (`"x1.sepalLength"`, `"rows[0].x2.petalWidth"`...) all count as `unknown`.
 */
export class FieldLabels {
  private readonly known: ReadonlySet<string>;

  constructor(features: readonly string[]) {
    this.known = new Set([
      ...features,
      ...features.map((name) => `rows[].${name}`),
      ...REQUEST_FIELDS,
    ]);
  }

  /** Every label value `of` can return, `unknown` included. */
  get values(): readonly string[] {
    return [...this.known, UNKNOWN_LABEL];
  }

  /** The label of the field at `path`, such as `rows[3].petalWidth` → `rows[].petalWidth`. */
  of(path: string): string {
    const folded = path.replace(/^rows\[\d+\]/, 'rows[]');
    return this.known.has(folded) ? folded : UNKNOWN_LABEL;
  }
}
