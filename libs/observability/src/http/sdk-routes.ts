import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, Optional } from '@nestjs/common';
import { ApplicationConfig, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { OPTION_PROBLEMS } from '../messages/option.messages';
import type { OptionProblem } from '../errors/observability-config.error';
import { ObservabilityConfigError } from '../errors/observability-config.error';
import type { FrameworkRoute } from './framework-routes';
import { frameworkRoutes } from './framework-routes';
import { pathOf } from './route-template';

/** Every answer of the SDK's endpoints says its content type is final (no MIME sniffing). @internal */
export const NOSNIFF = ['x-content-type-options', 'nosniff'] as const;

/** Answers one request completely. @internal */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The SDK's own endpoints on the application port (`/metrics`, `/health`, `/ready`): the request
 * pipeline answers them ahead of the framework, so neither the global prefix nor global guards nor
 * middleware apply to them. A controller route of the application at one of those paths stops
 * startup with an error naming both and the option that resolves it: the SDK never takes a route
 * over silently.
 *
 * @internal
 */
@Injectable()
export class SdkRoutes {
  private readonly handlers = new Map<string, RouteHandler>();
  private readonly options = new Map<string, string>();

  constructor(
    @Optional() private readonly discovery?: DiscoveryService,
    @Optional() private readonly scanner?: MetadataScanner,
    @Optional() private readonly config?: ApplicationConfig,
  ) {}

  /**
   * Answers `GET` and `HEAD` requests for `path` with `handler`; `option` is the module option
   * that sets the path (named when an application route is already there). Call before bootstrap
   * ends.
   */
  add(path: string, handler: RouteHandler, option: string): void {
    this.handlers.set(path, handler);
    this.options.set(path, option);
  }

  /** Whether any endpoint was added. */
  get empty(): boolean {
    return this.handlers.size === 0;
  }

  /** The handler for `req`, when it is one of the SDK's endpoints. */
  match(req: IncomingMessage): RouteHandler | undefined {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    return this.handlers.get(pathOf(req.url));
  }

  /** The path of `req` when it is one of the SDK's endpoints, for the `route` of its telemetry. */
  routeOf(req: IncomingMessage): string | undefined {
    return this.match(req) === undefined ? undefined : pathOf(req.url);
  }

  /** Every route of the application's controllers (none before the application is created). */
  applicationRoutes(): FrameworkRoute[] {
    if (this.discovery === undefined || this.scanner === undefined) return [];
    return frameworkRoutes(this.discovery, this.scanner, this.config);
  }

  /** Stops startup when one of the application's `routes` serves one of the SDK's paths. */
  refuseTakeovers(routes: readonly FrameworkRoute[]): void {
    const problems: OptionProblem[] = [];
    for (const route of routes) {
      if (!['GET', 'HEAD', 'ALL'].includes(route.method)) continue;
      const option = this.options.get(route.path);
      if (option === undefined) continue;
      problems.push({
        option,
        value: route.path,
        ...OPTION_PROBLEMS.routeTaken(option, route.path, route.handler),
      });
    }
    if (problems.length > 0) throw new ObservabilityConfigError(problems);
  }
}
