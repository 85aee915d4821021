import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { pathOf, UNMATCHED_ROUTE } from '../http-metrics/request-route';
import { reportInstrumentationFailure } from '../instrument/failure-reporter';
import { OBSERVABILITY_LOGGER, OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { onResponseEnd } from '../server/response-end';
import { ServerRoutes } from '../server/server-routes';
import { redactQuery } from './redaction';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { runInRequestScope } from './request-scope';

/** Where the request id's scope sits: inside the request's span (order 0). @internal */
export const REQUEST_ID_SCOPE_ORDER = 1;

/**
 * Gives every request its id (`x-request-id`, echoed in the response, and `request_id` in every
 * line logged while the framework handles it, through one AsyncLocalStorage scope per request)
 * and writes its one access-log line when the response is finished: `request_id`, `method`, `route` (the template, or `unmatched`), `path` (query values redacted),
 * `status` (as the client got it; 499 when it hung up first), `duration_ms` and the allow-listed
 * request headers, with the request's trace fields. Adapter-agnostic: it observes the server.
 *
 * @internal
 */
@Injectable()
export class RequestLogging implements OnModuleInit {
  private readonly excluded: ReadonlySet<string>;
  private readonly headers: readonly string[];

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(OBSERVABILITY_LOGGER) private readonly logger: Logger,
    @Inject(ServerRoutes) private readonly routes: ServerRoutes,
  ) {
    this.excluded = new Set(options.logging.excludePaths);
    this.headers = options.logging.requestHeaders;
  }

  onModuleInit(): void {
    this.routes.wrap(this.inRequestScope, REQUEST_ID_SCOPE_ORDER);
    if (this.options.logging.accessLog) this.routes.observe(this.onRequest);
  }

  /** Gives the request its id, echoes it, and runs the rest with it as the lines' request id. */
  private readonly inRequestScope = (
    req: IncomingMessage,
    res: ServerResponse,
    next: () => void,
  ): void => {
    const id = requestIdOf(req);
    (req as { id?: string }).id = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    runInRequestScope(id, next);
  };

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      if (this.excluded.has(pathOf(req.url))) return;
      const id = (req as { id?: string }).id ?? '';
      const started = performance.now();
      const requestContext = context.active();
      onResponseEnd(res, (status) =>
        context.with(requestContext, () => this.writeAccessLine(req, id, status, started)),
      );
    } catch (error) {
      reportInstrumentationFailure('request logging', 'record-count', error);
    }
  };

  private writeAccessLine(req: IncomingMessage, id: string, status: string, started: number): void {
    try {
      const route = this.routes.routeOf(req, status) ?? UNMATCHED_ROUTE;
      const headers: Record<string, unknown> = {};
      for (const name of this.headers) {
        const value = req.headers[name];
        if (value !== undefined) headers[name] = value;
      }
      this.logger.info(
        {
          request_id: id,
          method: req.method,
          route,
          path: redactQuery(req.url ?? '/'),
          status: Number(status),
          duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
          headers,
        },
        'request completed',
      );
    } catch (error) {
      reportInstrumentationFailure('request logging', 'record-duration', error);
    }
  }
}
