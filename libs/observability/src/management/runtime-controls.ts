import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { LOG_LEVELS, isLogLevel } from '../observability.constants';
import type { LogLevel } from '../observability.constants';
import type { LogLevelControl } from '../logging/log-levels';
import { MAX_CONTEXTS } from '../logging/log-levels';
import { HTTP_MESSAGES } from '../messages/http.messages';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';
import { sdkLog } from '../logging/sdk-logger';
import { OBSERVABILITY_LOG_LEVELS, OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { redactFields, redactText } from '../redaction/redaction';
import type { TelemetryEnvironment } from '../environment/telemetry-environment';
import { preloadSettings } from '../telemetry/preload-handoff';
import type { FieldProblem } from './json-request';
import { readJsonObject, sendJson, sendProblems } from './json-request';
import { ManagementServer } from './management-server';

const CONTEXT = /^[A-Za-z0-9_.:-]{1,128}$/;
const MAX_EXPIRY_SECONDS = 86_400;
const FIELDS = ['level', 'expiresInSeconds'];

/** The level change a `PUT /loggers` body asks for, or the problems with it. */
function levelChange(
  body: Record<string, unknown>,
): { level: LogLevel; seconds?: number } | FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(body)) {
    if (!FIELDS.includes(key)) {
      problems.push({ field: key, reason: HTTP_MESSAGES.unknownField(FIELDS) });
    }
  }
  const level = typeof body.level === 'string' ? body.level.toLowerCase() : body.level;
  if (!isLogLevel(level)) {
    problems.push({ field: 'level', reason: HTTP_MESSAGES.unknownLevel(LOG_LEVELS) });
  }
  const seconds = body.expiresInSeconds;
  if (
    seconds !== undefined &&
    (typeof seconds !== 'number' ||
      !Number.isInteger(seconds) ||
      seconds < 1 ||
      seconds > MAX_EXPIRY_SECONDS)
  ) {
    problems.push({
      field: 'expiresInSeconds',
      reason: HTTP_MESSAGES.expiry(MAX_EXPIRY_SECONDS),
    });
  }
  if (problems.length > 0) return problems;
  return { level: level as LogLevel, seconds: seconds as number | undefined };
}

/**
 * The runtime controls of the management port, behind `metrics.auth` when it is set:
 *
 * - `GET /loggers`: the log level in force, and the levels of Nest contexts that have their own;
 * - `PUT /loggers` with `{ "level": "debug", "expiresInSeconds": 600 }`: the level of every line,
 *   reverting to the configured one after the given time, if any;
 * - `PUT /loggers/<context>` with the same body, `DELETE /loggers/<context>`: one Nest context's
 *   own level (`PredictionService`), reverting to the global one after the given time, if any;
 * - `GET /config`: the effective configuration (options, the settings the preload's OpenTelemetry
 *   SDK runs with, versions), secrets redacted.
 *
 * Every change is logged. A bad request gets a 400 naming each field and the reason.
 *
 * @internal
 */
@Injectable()
export class RuntimeControls implements OnModuleInit {
  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(OBSERVABILITY_LOG_LEVELS) private readonly levels: LogLevelControl,
    @Inject(ManagementServer) private readonly management: ManagementServer,
  ) {}

  onModuleInit(): void {
    if (!this.management.enabled) return;
    this.management.add('/loggers', (_req, res) => sendJson(res, 200, this.describeLevels()));
    this.management.add('/loggers', (req, res) => void this.setGlobal(req, res), 'PUT');
    this.management.add('/loggers/*', (req, res) => void this.setContext(req, res), 'PUT');
    this.management.add('/loggers/*', (req, res) => this.clearContext(req, res), 'DELETE');
    this.management.add('/config', (_req, res) => sendJson(res, 200, this.configuration()));
  }

  private describeLevels() {
    return { ...this.levels.state, levels: LOG_LEVELS };
  }

  private async setGlobal(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJsonObject(req, res);
    if (body === undefined) return;
    const change = levelChange(body);
    if (Array.isArray(change)) return sendProblems(res, change);
    this.levels.setGlobal(change.level, change.seconds);
    sdkLog.info(RUNTIME_MESSAGES.logLevelSet(change.level, change.seconds));
    sendJson(res, 200, this.describeLevels());
  }

  private async setContext(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const context = contextOf(req);
    if (context === undefined) return sendProblems(res, [contextProblem()]);
    const body = await readJsonObject(req, res);
    if (body === undefined) return;
    const change = levelChange(body);
    if (Array.isArray(change)) return sendProblems(res, change);
    if (!this.levels.setContext(context, change.level, change.seconds)) {
      return sendProblems(res, [
        { field: 'context', reason: HTTP_MESSAGES.tooManyContexts(MAX_CONTEXTS) },
      ]);
    }
    sdkLog.info(RUNTIME_MESSAGES.contextLogLevelSet(context, change.level, change.seconds));
    sendJson(res, 200, this.describeLevels());
  }

  private clearContext(req: IncomingMessage, res: ServerResponse): void {
    const context = contextOf(req);
    if (context === undefined) return sendProblems(res, [contextProblem()]);
    if (!this.levels.clearContext(context)) {
      return sendJson(res, 404, {
        statusCode: 404,
        error: 'Not Found',
        message: HTTP_MESSAGES.noOwnLevel(context),
      });
    }
    sdkLog.info(RUNTIME_MESSAGES.contextLogLevelCleared(context));
    sendJson(res, 200, this.describeLevels());
  }

  private configuration() {
    return redactFields({
      service: {
        name: this.options.serviceName,
        version: this.options.serviceVersion,
        environment: this.options.environment,
      },
      options: this.options,
      logLevels: this.levels.state,
      telemetry: telemetryInEffect(preloadSettings()),
      versions: { node: process.versions.node },
    });
  }
}

/**
 * The OpenTelemetry settings in effect: those the preload's SDK started with (not the
 * environment as it is now, which may have changed since), endpoints without credentials; or
 * `running: false` when no SDK runs (no preload, or `OTEL_SDK_DISABLED=true`).
 */
function telemetryInEffect(settings: TelemetryEnvironment | undefined) {
  if (settings === undefined) return { running: false };
  const endpoint = (url: string) => redactText(url).replace(/\/\/[^/@]*@/, '//[REDACTED]@');
  return {
    running: true,
    ...settings,
    traces: { ...settings.traces, endpoint: endpoint(settings.traces.endpoint) },
    metrics: { ...settings.metrics, endpoint: endpoint(settings.metrics.endpoint) },
    logs: { ...settings.logs, endpoint: endpoint(settings.logs.endpoint) },
  };
}

function contextOf(req: IncomingMessage): string | undefined {
  const path = (req.url ?? '').split('?')[0] ?? '';
  try {
    const context = decodeURIComponent(path.slice('/loggers/'.length));
    return CONTEXT.test(context) ? context : undefined;
  } catch {
    return undefined;
  }
}

function contextProblem(): FieldProblem {
  return { field: 'context', reason: HTTP_MESSAGES.contextName() };
}
