import { context } from '@opentelemetry/api';
import { RECORD_STAGES } from '../../instrument/operation';
import type { Logger } from 'pino';
import { RUNTIME_MESSAGES } from '../../messages/runtime.messages';
import { redactQuery, redactText } from '../../redaction/redaction';
import type { HttpExchange, HttpOutcome, HttpSink } from '../http-exchange';
import { UNMATCHED_ROUTE } from '../route-template';

/** The longest `path` an access line carries: a 16 KB query must not make a 70 KB line. */
const MAX_PATH_LENGTH = 2048;

/** `url` with its query values redacted, cut to `MAX_PATH_LENGTH` characters (saying so). */
function loggedPath(url: string): string {
  const path = redactQuery(url);
  if (path.length <= MAX_PATH_LENGTH) return path;
  return `${path.slice(0, MAX_PATH_LENGTH)}...[${path.length - MAX_PATH_LENGTH} more characters]`;
}

/**
 * One access-log line per request, written when its response is over, in the request's scope (so
 * it carries its `trace_id`, `span_id` and `request_id`): `method`, `route` (the template, or
 * `unmatched`), `path` (query values redacted, cut at 2048 characters), `status` (as the client got it; 499 when it hung
 * up first), `duration_ms` and the allow-listed request headers.
 *
 * @internal
 */
export class AccessLogSink implements HttpSink {
  readonly stages = RECORD_STAGES;

  constructor(
    private readonly logger: Logger,
    private readonly headers: readonly string[],
  ) {}

  end(exchange: HttpExchange, { status, route, seconds }: HttpOutcome): void {
    const { req } = exchange;
    const headers: Record<string, unknown> = {};
    for (const name of this.headers) {
      const value = req.headers[name];
      // Allow-listed headers are free text a client writes: a secret in one is cut.
      if (typeof value === 'string') headers[name] = redactText(value);
      else if (value !== undefined) headers[name] = value.map(redactText);
    }
    const line = {
      method: req.method,
      route: route ?? UNMATCHED_ROUTE,
      path: loggedPath(req.url ?? '/'),
      status: Number(status),
      duration_ms: Math.round(seconds * 1e6) / 1000,
      headers,
    };
    context.with(exchange.context, () =>
      this.logger.info(line, RUNTIME_MESSAGES.requestCompleted()),
    );
  }
}
