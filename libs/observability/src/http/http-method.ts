const STANDARD_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

/** The `method` label of a non-standard method, or of a request whose method was never read. @internal */
export const OTHER_METHOD = 'OTHER';

/**
 * The `method` label of a request: one of the standard HTTP methods, or `OTHER` for anything
 * else, so that invented methods cannot create series.
 *
 * @internal
 */
export function methodLabel(method: string | undefined): string {
  return method !== undefined && STANDARD_METHODS.has(method) ? method : OTHER_METHOD;
}
