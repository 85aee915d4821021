import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import { HealthCheckService } from '@nestjs/terminus';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import type { RouteHandler } from '../http/sdk-routes';
import { SdkRoutes } from '../http/sdk-routes';
import { ManagementServer } from '../management/management-server';
import { GracefulShutdown } from './graceful-shutdown';
import { HealthMetrics } from './health-metrics';
import { ReadinessChecks } from './readiness-checks';
import { sdkLog } from '../logging/sdk-logger';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';

/** A probe's answer. */
interface ProbeAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * `GET /health` (liveness: 200 while the process can serve; it consults no dependency) and
 * `GET /ready` (readiness, through Terminus: 200 only when every critical check is up, 503
 * otherwise and from the shutdown signal on; non-critical checks are run and reported only). Public bodies say up or down per check and nothing
 * else; `health.details` adds what Terminus reports.
 *
 * @internal
 */
@Injectable()
export class HealthEndpoints implements OnModuleInit {
  private readonly metrics: HealthMetrics;
  private lastReady: boolean | undefined;
  /** The non-critical checks down at the last answer, to log changes only. */
  private lastOptionalDown = '';

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(SdkRoutes) private readonly routes: SdkRoutes,
    @Inject(ManagementServer) private readonly management: ManagementServer,
    @Inject(HealthCheckService) private readonly terminus: HealthCheckService,
    @Inject(ReadinessChecks) private readonly checks: ReadinessChecks,
    @Inject(GracefulShutdown) private readonly shutdown: GracefulShutdown,
  ) {
    this.metrics = new HealthMetrics(options.metrics.prefix);
  }

  onModuleInit(): void {
    const { livenessPath, readinessPath, details } = this.options.health;
    const liveness: RouteHandler = (req, res) =>
      send(req, res, { status: 200, body: { status: 'ok' } });
    const readiness =
      (withDetails: boolean): RouteHandler =>
      (req, res) => {
        void this.readiness(withDetails).then((answer) => send(req, res, answer));
      };
    this.routes.add(livenessPath, liveness, 'health.livenessPath');
    this.routes.add(readinessPath, readiness(details), 'health.readinessPath');
    if (this.management.enabled) {
      // Off the public port, the probes tell everything: versions, latencies, error messages.
      this.management.add(livenessPath, liveness, 'GET', false);
      this.management.add(readinessPath, readiness(true), 'GET', false);
    }
  }

  /**
   * Runs the readiness checks; `withDetails` keeps Terminus's details in the body. Ready means
   * every critical check is up; a non-critical check that is down is reported (in the body, the
   * log and `health_check_status`) but does not make the answer 503.
   */
  async readiness(withDetails: boolean): Promise<ProbeAnswer> {
    if (this.shutdown.isDraining) {
      return { status: 503, body: { status: 'shutting_down', checks: {} } };
    }
    const result = await this.runChecks();
    const registered = this.checks.all();
    const down = Object.entries(result.details)
      .filter(([, d]) => d.status !== 'up')
      .map(([name]) => name);
    const critical = down.filter((name) => registered.get(name)?.critical !== false);
    const optional = down.filter((name) => registered.get(name)?.critical === false);
    const ready = critical.length === 0;
    if (ready !== this.lastReady) {
      this.lastReady = ready;
      if (ready) sdkLog.info(RUNTIME_MESSAGES.ready());
      else sdkLog.warn(RUNTIME_MESSAGES.notReady(critical));
    }
    const optionalKey = optional.join(',');
    if (optionalKey !== this.lastOptionalDown) {
      this.lastOptionalDown = optionalKey;
      if (optional.length > 0) sdkLog.warn(RUNTIME_MESSAGES.optionalDown(optional));
      else sdkLog.info(RUNTIME_MESSAGES.optionalUp());
    }
    const checks = Object.fromEntries(
      Object.entries(result.details).map(([k, d]) => [k, d.status]),
    );
    const status = ready ? 'ok' : 'error';
    const nonCritical = [...registered].filter(([, c]) => !c.critical).map(([name]) => name);
    const body = withDetails
      ? { ...result, status, checks, ...(nonCritical.length > 0 ? { nonCritical } : {}) }
      : { status, checks };
    return { status: ready ? 200 : 503, body };
  }

  private async runChecks(): Promise<HealthCheckResult> {
    const timed = [...this.checks.all()].map(
      ([name, { check }]) =>
        async (): Promise<HealthIndicatorResult> => {
          const started = performance.now();
          const result = await check();
          this.metrics.record(name, result, performance.now() - started);
          return result;
        },
    );
    try {
      return await this.terminus.check(timed);
    } catch (error) {
      if (error instanceof ServiceUnavailableException)
        return error.getResponse() as HealthCheckResult;
      throw error;
    }
  }
}

function send(req: IncomingMessage, res: ServerResponse, answer: ProbeAnswer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-cache, no-store, must-revalidate',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
