import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { traceFlagsHex } from '../logging/trace-fields';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { ServerRoutes } from '../server/server-routes';
import { nestSpansInstalled } from './nest-spans';
import { tracingRuntime } from './tracing-runtime';

/** How long shutdown may spend delivering the last spans, collector up or not. */
export const TRACING_SHUTDOWN_DEADLINE_MS = 2000;

const NO_PRELOAD =
  'Tracing was not started by the preload: spans go to the tracer provider the application registered, if any, and http, pg and ioredis calls are not traced. ' +
  'Fix: start the service with node --import nestjs-observability/register dist/main.js (or --require).';

/**
 * Joins the preloaded tracing runtime to the application: applies the module's options (service
 * name, version and environment as resource attributes, sampling), routes the runtime's status
 * messages to the application's logger, logs the startup report, returns the trace context to
 * every caller in a response header, and delivers the last spans when the application shuts down
 * (after the drain and after in-flight requests finished), within 2 s even with the collector down.
 *
 * @internal
 */
@Injectable()
export class TracingBridge implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Tracing');

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(ServerRoutes) private readonly routes: ServerRoutes,
  ) {}

  onModuleInit(): void {
    const runtime = tracingRuntime();
    runtime?.configure({
      resource: {
        [ATTR_SERVICE_NAME]: this.options.serviceName,
        [ATTR_SERVICE_VERSION]: this.options.serviceVersion,
        'deployment.environment.name': this.options.environment,
      },
      sampleRatio: this.options.tracing.sampleRatio,
      trustIncomingSampling: this.options.tracing.trustIncomingSampling,
    });
    runtime?.logTo((level, message) => this.logger[level](message));
    const header = this.options.tracing.responseHeader;
    if (header !== false) this.routes.observe(this.traceResponse(header));
  }

  onApplicationBootstrap(): void {
    const runtime = tracingRuntime();
    if (runtime === undefined && process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
      this.logger.log(
        'Tracing disabled by OTEL_SDK_DISABLED=true: no span is recorded or exported.',
      );
    } else if (runtime === undefined) this.logger.warn(NO_PRELOAD);
    else {
      const nest = nestSpansInstalled()
        ? 'nest (controller and handler spans)'
        : 'nest NOT instrumented (this Nest has no RouterExecutionContext.create)';
      if (runtime.loadedEarly.length > 0) this.logger.warn(runtime.report([nest]));
      else this.logger.log(runtime.report([nest]));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await tracingRuntime()?.shutdown(TRACING_SHUTDOWN_DEADLINE_MS);
  }

  /** Sets `traceresponse: 00-<trace id>-<span id>-<flags>` from the request's server span. */
  private traceResponse(header: string) {
    return (_req: IncomingMessage, res: ServerResponse): void => {
      const span = trace.getSpan(context.active());
      if (span === undefined) return;
      const c = span.spanContext();
      if (!isSpanContextValid(c)) return;
      res.setHeader(header, `00-${c.traceId}-${c.spanId}-${traceFlagsHex(c.traceFlags)}`);
    };
  }
}
