import { redactFields } from '../redaction/redaction';

/**
 * Renders a bad value for an error message: strings quoted, numbers as JavaScript prints them
 * (so `NaN`, `Infinity` and `-0` stay visible), long values cut, fields named like a secret
 * (`password`, `bearerToken`) redacted.
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  value = redactFields(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 80)}…` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
