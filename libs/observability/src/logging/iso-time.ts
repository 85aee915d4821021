/** The second whose ISO 8601 prefix (`,"time":"YYYY-MM-DDTHH:MM:SS.`) is cached. */
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * pino's `timestamp` function: `,"time":"2026-11-26T20:52:54.123Z"`, the same text as
 * `pino.stdTimeFunctions.isoTime`, for a fraction of its cost. pino's formats a new `Date` per
 * line (`toISOString` was about 2 % of a request's CPU under load, one line per request); this one
 * formats the date and time once per second and appends the milliseconds. Years outside 0-9999
 * (which `toISOString` writes with six digits and a sign) and times before 1970 are formatted in full every time.
 *
 * @internal
 */
export function isoTime(): string {
  const now = Date.now();
  if (now < 0) return `,"time":"${new Date(now).toISOString()}"`;
  const ms = now % 1000;
  const second = now - ms;
  if (second !== cachedSecond) {
    const iso = new Date(second).toISOString();
    if (iso.length !== 24) return `,"time":"${new Date(now).toISOString()}"`;
    cachedSecond = second;
    cachedPrefix = `,"time":"${iso.slice(0, 20)}`;
  }
  return `${cachedPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
}
