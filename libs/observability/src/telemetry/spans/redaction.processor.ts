import type { AttributeValue } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { isSecretKey, REDACTED, redactQuery, redactText } from '../../redaction/redaction';

/** Attributes whose value is a URL or query: their query values are replaced. */
const URL_KEYS = new Set(['url.full', 'url.query', 'http.url', 'http.target']);
/** Attributes whose value is free text that may hold an inline secret. */
const TEXT_KEYS = new Set([
  'exception.message',
  'exception.stacktrace',
  'db.statement',
  'db.query.text',
  'user_agent.original',
]);

function redactedValue(key: string, value: AttributeValue): AttributeValue {
  if (isSecretKey(key)) return REDACTED;
  if (typeof value !== 'string') return value;
  if (URL_KEYS.has(key)) {
    return key === 'url.query' ? redactQuery(`?${value}`).slice(1) : redactQuery(value);
  }
  return TEXT_KEYS.has(key) ? redactText(value) : value;
}

/**
 * Removes secrets from every span as it ends, before any exporting processor sees it, whatever
 * produced it (the http, pg and ioredis instrumentations, Nest, the decorators, the user's own
 * code): attributes named like a secret (`http.request.header.authorization`, `user.password`,
 * `apiKey`) become `[REDACTED]`, query values in URL attributes are replaced, and inline secrets in
 * exception messages, stack traces, statements and the status message are cut. It runs in
 * `onEnding`, while the span still takes `setAttribute` and `setStatus`; the attributes of span
 * events (exception events), which the API cannot set again, are replaced in place.
 *
 * @internal
 */
export class RedactionSpanProcessor implements SpanProcessor {
  onStart(): void {}

  onEnding(span: Span): void {
    const attributes = span.attributes;
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined) continue;
      const redacted = redactedValue(key, value);
      if (redacted !== value) span.setAttribute(key, redacted);
    }
    const { code, message } = span.status;
    if (message !== undefined) {
      const redacted = redactText(message);
      if (redacted !== message) span.setStatus({ code, message: redacted });
    }
    for (const event of span.events) {
      const eventAttributes = event.attributes;
      if (eventAttributes === undefined) continue;
      for (const key in eventAttributes) {
        const value = eventAttributes[key];
        if (value !== undefined) eventAttributes[key] = redactedValue(key, value);
      }
    }
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
