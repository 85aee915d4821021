/** What replaces a secret value in every output. @publicApi */
export const REDACTED = '[REDACTED]';

const SECRET_SUFFIXES = ['password', 'passwd', 'secret', 'token', 'apikey'];
const SECRET_NAMES = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie']);
const MAX_DEPTH = 8;
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 10_000;

/**
 * Whether a field, header or attribute named `key` holds a secret, in any case and with any
 * separators: `password`, `token`, `secret`, `apiKey` and names ending so (`db_password`,
 * `accessToken`, `x-api-key`, `client.secret`), and the `authorization`, `proxy-authorization`,
 * `cookie` and `set-cookie` headers (also as `http.request.header.cookie`). `max_tokens` is not
 * a secret. Verdicts are cached, so the check costs one map lookup per known key.
 *
 * @publicApi
 */
export function isSecretKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    const normal = key.toLowerCase().replace(/[^a-z0-9]/g, '');
    verdict =
      SECRET_SUFFIXES.some((suffix) => normal.endsWith(suffix)) ||
      [...SECRET_NAMES].some((name) => normal === name || normal.endsWith(`header${name}`));
    if (verdicts.size < MAX_VERDICTS) verdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * `value` with every secret field replaced by `[REDACTED]`, at any depth (objects and arrays,
 * down to 8 levels). Copy on write: a value with no secret is returned as is, and the caller's
 * objects are never changed. Error objects are left to the error serializer.
 *
 * @publicApi
 */
export function redactFields<T>(value: T, depth = 0): T {
  return redactDeep(value, depth, false);
}

/**
 * `value` with every secret field replaced, as `redactFields` does, and inline secrets cut from
 * every string in it (`redactText`), in the same walk: for what an error carries besides its
 * message (a configuration error that shows the setting it rejected, a client's error that keeps
 * the URL it called), where any text may hold a secret. Error objects are walked too.
 *
 * @internal
 */
export function redactFieldsAndText<T>(value: T): T {
  return redactDeep(value, 0, true);
}

/** The walk of `redactFields` and, with `text`, of `redactFieldsAndText`. */
function redactDeep<T>(value: T, depth: number, text: boolean): T {
  if (text && typeof value === 'string') return redactText(value) as T;
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if ((!text && value instanceof Error) || ArrayBuffer.isView(value) || value instanceof Date) {
    return value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const redacted = redactDeep(item, depth + 1, text);
      if (redacted !== item) (copy ??= value.slice())[i] = redacted;
    }
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  const source = value as Record<string, unknown>;
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const item = source[key];
    const redacted =
      isSecretKey(key) && item !== undefined ? REDACTED : redactDeep(item, depth + 1, text);
    if (redacted !== item) (copy ??= { ...source })[key] = redacted;
  }
  return (copy ?? value) as T;
}

const SECRET_IN_TEXT =
  /((?:password|passwd|secret|token|api[-_]?key|authorization|cookie)["']?\s*[:=]\s*["']?)(?:(?:bearer|basic)\s+)?[^\s"'&,;]+/gi;
/** Where a URL starts in free text: `scheme://`. */
const URL_START = /[a-z][a-z0-9+.-]*:\/\//gi;
/** What ends a URL written in free text. */
const URL_END = /[\s"'<>`]/;

/** What follows the user information of a URL: a host (name, IPv4 or [IPv6]) and a port. */
const HOST_AFTER_AT = /^(?:\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d+)?(?=$|[/?#,;])/i;

/**
 * `url` (one URL-shaped token, `scheme://...`) with its password and the values of its secret query
 * parameters replaced. Parsed by hand rather than with `new URL()`: the URLs that leak are the
 * malformed ones users write (a password holding `/`, `?`, `#` or `@`), which `URL` rejects. The
 * user information runs to the last `@` that a host follows; the password is what follows its
 * first `:`. A doubt is settled by redacting more, never less.
 */
function redactUrl(url: string): string {
  const scheme = url.indexOf('://') + 3;
  let out = url;
  for (let at = url.lastIndexOf('@'); at > scheme; at = url.lastIndexOf('@', at - 1)) {
    if (!HOST_AFTER_AT.test(url.slice(at + 1))) continue;
    const colon = url.indexOf(':', scheme);
    if (colon !== -1 && colon < at) out = `${url.slice(0, colon + 1)}${REDACTED}${url.slice(at)}`;
    break;
  }
  const query = out.indexOf('?');
  if (query === -1) return out;
  const pairs = out
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1 || !isSecretKey(decodeName(pair.slice(0, equals)))) return pair;
      return `${pair.slice(0, equals)}=${REDACTED}`;
    });
  return `${out.slice(0, query)}?${pairs.join('&')}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** `text` with every URL in it passed through `redactUrl`. */
function redactUrls(text: string): string {
  if (!text.includes('://')) return text;
  let out = '';
  let from = 0;
  URL_START.lastIndex = 0;
  for (let match = URL_START.exec(text); match !== null; match = URL_START.exec(text)) {
    const start = match.index;
    if (start < from) continue;
    const rest = text.slice(start);
    const end = rest.search(URL_END);
    const url = end === -1 ? rest : rest.slice(0, end);
    out += text.slice(from, start) + redactUrl(url);
    from = start + url.length;
    URL_START.lastIndex = from;
  }
  return out + text.slice(from);
}

/**
 * `text` with secrets written inline replaced: `password=…`, `"token": "…"`, `apiKey: …`,
 * `Authorization: Bearer …`, and in every URL (`scheme://user:password@host/db?password=…`) the
 * password, even one holding `/` or `@`, and the values of secret query parameters. For messages,
 * exception texts and stack traces, where a secret is not a field.
 *
 * @publicApi
 */
export function redactText(text: string): string {
  if (!mayHoldSecret(text)) return text;
  return redactUrls(text).replace(SECRET_IN_TEXT, `$1${REDACTED}`);
}

/** A cheap test that rules out most texts before the regular expressions run. */
function mayHoldSecret(text: string): boolean {
  return text.includes('=') || text.includes(':');
}

/**
 * A URL path with every query value replaced (`/predict?a=[REDACTED]&token=[REDACTED]`): query
 * strings carry tokens and personal data, and their names alone are enough to debug.
 *
 * @publicApi
 */
export function redactQuery(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1 ? pair : `${pair.slice(0, equals)}=${REDACTED}`;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}
