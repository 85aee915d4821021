import { HttpAdapterHost } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config/app-config';
import { BodyParserErrorFilter } from './http/body-parser-error.filter';
import { MlMetrics } from './metrics/ml-metrics.service';

/**
 * Everything applied to the application beyond its modules: response headers, body limits, error
 * shapes, shutdown hooks. `main.ts` and the end-to-end tests both call it, so the tests run what production runs.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  // The framework's name and version help only someone looking for a known vulnerability.
  app.disable('x-powered-by');
  // Every answer is JSON: a browser must never sniff one (an error echoing input) as HTML or script.
  // Registered before the body parser, so its 400s carry the header too.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.useBodyParser('json', { limit: `${config.bodyLimitKb}kb` });
  const { httpAdapter } = app.get(HttpAdapterHost);
  const metrics = app.get(MlMetrics);
  app.useGlobalFilters(
    new BodyParserErrorFilter(httpAdapter, config.bodyLimitKb, (errors) =>
      metrics.invalidInput(errors),
    ),
  );
  // process.exit(0) once closed: a drained, clean shutdown exits 0 (Kubernetes reads it).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
}
