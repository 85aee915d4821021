import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { isSecretKey, REDACTED, redactQuery, redactText } from '../logging/redaction';

/** Attributes whose value is a URL or query: their query values are replaced. */
const URL_KEYS = new Set(['url.full', 'url.query', 'http.url', 'http.target']);
/** Attributes whose value is free text that may hold an inline secret. */
const TEXT_KEYS = new Set([
  'exception.message',
  'exception.stacktrace',
  'db.statement',
  'db.query.text',
]);

function redactAttributes(attributes: Attributes): void {
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined) continue;
    if (isSecretKey(key)) attributes[key] = REDACTED;
    else if (typeof value === 'string') attributes[key] = redactString(key, value);
  }
}

function redactString(key: string, value: string): AttributeValue {
  if (URL_KEYS.has(key))
    return key === 'url.query' ? redactQuery(`?${value}`).slice(1) : redactQuery(value);
  if (TEXT_KEYS.has(key)) return redactText(value);
  return value;
}

/**
 * Removes secrets from a finished span before it is queued for export, whatever produced it (the
 * http, pg and ioredis instrumentations, Nest, the decorators, the user's own code): attributes
 * named like a secret (`http.request.header.authorization`, `user.password`, `apiKey`) become
 * `[REDACTED]`, query values in URL attributes are replaced, and inline secrets in exception
 * messages, stack traces and statements are cut. Event attributes get the same treatment.
 *
 * @internal
 */
export function redactSpan(span: ReadableSpan): void {
  redactAttributes(span.attributes);
  const status = span.status as { message?: string };
  if (status.message !== undefined) status.message = redactText(status.message);
  for (const event of span.events) {
    if (event.attributes !== undefined) redactAttributes(event.attributes);
  }
}
