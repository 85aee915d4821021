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

/** A probe's answer. */
interface ProbeAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * `GET /health` (liveness: 200 while the process can serve; it consults no dependency) and
 * `GET /ready` (readiness, through Terminus: 200 only when every registered check is up, 503
 * otherwise and from the shutdown signal on). Public bodies say up or down per check and nothing
 * else; `health.details` adds what Terminus reports.
 *
 * @internal
 */
@Injectable()
export class HealthEndpoints implements OnModuleInit {
  private readonly metrics: HealthMetrics;
  private lastReady: boolean | undefined;

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

  /** Runs the readiness checks; `withDetails` keeps Terminus's details in the body. */
  async readiness(withDetails: boolean): Promise<ProbeAnswer> {
    if (this.shutdown.isDraining) {
      return { status: 503, body: { status: 'shutting_down', checks: {} } };
    }
    const result = await this.runChecks();
    const ready = result.status === 'ok';
    if (ready !== this.lastReady) {
      this.lastReady = ready;
      const down = Object.entries(result.details)
        .filter(([, d]) => d.status !== 'up')
        .map(([k]) => k);
      if (ready) sdkLog.info('Ready: every readiness check is up.');
      else sdkLog.warn(`Not ready: ${down.join(', ')} down.`);
    }
    const checks = Object.fromEntries(
      Object.entries(result.details).map(([k, d]) => [k, d.status]),
    );
    const body = withDetails ? { ...result, checks } : { status: result.status, checks };
    return { status: ready ? 200 : 503, body };
  }

  private async runChecks(): Promise<HealthCheckResult> {
    const timed = [...this.checks.all()].map(
      ([name, check]) =>
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
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
