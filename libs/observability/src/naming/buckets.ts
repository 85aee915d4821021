/**
 * Whether `value` is a usable list of histogram bucket bounds: a non-empty array of finite,
 * positive, strictly increasing numbers.
 *
 * @internal
 */
export function isBucketList(value: unknown): value is readonly number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (b, i) =>
        typeof b === 'number' &&
        Number.isFinite(b) &&
        b > 0 &&
        (i === 0 || b > (value[i - 1] as number)),
    )
  );
}
