const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
};

const DURATION = /^(\d+(?:ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/**
 * The number of seconds in a Prometheus duration (`30d`, `1h30m`, `500ms`), or `undefined` when
 * `text` is not one or is zero.
 *
 * @publicApi
 */
export function durationSeconds(text: unknown): number | undefined {
  if (typeof text !== 'string' || !DURATION.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    seconds += Number(amount) * (UNIT_SECONDS[unit as string] as number);
  }
  return seconds > 0 ? seconds : undefined;
}
