import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';
import { requestIdOf } from './request-id';

/**
 * nestjs-pino's parameters: its request middleware binds each request's `request_id` to every
 * line logged while the request runs (and nothing else: request objects are never logged
 * wholesale, so no header leaks), through the service's root logger. Its own access log is off:
 * `RequestLogging` writes the one access line, with the route template and the status the client
 * got, on Express and Fastify alike.
 *
 * @internal
 */
export function pinoHttpOptions(logger: Logger): Params {
  return {
    pinoHttp: {
      logger,
      autoLogging: false,
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'request_id' },
      genReqId: (req: IncomingMessage) => (req as { id?: string }).id ?? requestIdOf(req),
    },
  };
}
