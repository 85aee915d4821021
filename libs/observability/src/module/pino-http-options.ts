import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';

/**
 * nestjs-pino's parameters: its `Logger` (the Nest logger the application installs) writes
 * through the SDK's root logger. Its per-request middleware is not mounted (`forRoutes: []`): it
 * builds a child logger per request, which cost a third of a small app's throughput here
 * (docs/benchmarks.md); the request id reaches every line through `RequestLogging`'s scope and the
 * root logger's mixin instead, and `RequestLogging` writes the one access line.
 *
 * @internal
 */
export function pinoHttpOptions(logger: Logger): Params {
  return { pinoHttp: { logger, autoLogging: false }, forRoutes: [] };
}
