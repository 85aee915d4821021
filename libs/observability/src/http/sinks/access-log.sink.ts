import { context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { RUNTIME_MESSAGES } from '../../messages/runtime.messages';
import { redactQuery } from '../../redaction/redaction';
import type { HttpExchange, HttpOutcome, HttpSink } from '../http-exchange';
import { UNMATCHED_ROUTE } from '../route-template';

/**
 * One access-log line per request, written when its response is over, in the request's scope (so
 * it carries its `trace_id`, `span_id` and `request_id`): `method`, `route` (the template, or
 * `unmatched`), `path` (query values redacted), `status` (as the client got it; 499 when it hung
 * up first), `duration_ms` and the allow-listed request headers.
 *
 * @internal
 */
export class AccessLogSink implements HttpSink {
  constructor(
    private readonly logger: Logger,
    private readonly headers: readonly string[],
  ) {}

  end(exchange: HttpExchange, { status, route, seconds }: HttpOutcome): void {
    const { req } = exchange;
    const headers: Record<string, unknown> = {};
    for (const name of this.headers) {
      const value = req.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    const line = {
      method: req.method,
      route: route ?? UNMATCHED_ROUTE,
      path: redactQuery(req.url ?? '/'),
      status: Number(status),
      duration_ms: Math.round(seconds * 1e6) / 1000,
      headers,
    };
    context.with(exchange.context, () =>
      this.logger.info(line, RUNTIME_MESSAGES.requestCompleted()),
    );
  }
}
