import { compileRouteTemplate } from '../naming/route-templates';
import type { FrameworkRoute } from './framework-routes';

interface CompiledRoute {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
}

/**
 * The application's route templates by method, to name the route of a request the framework
 * answered before routing it: a body the parser rejected (400, 413, 415) on `POST /predict` is
 * `route="/predict"`, not `unmatched`, so a route's error ratio includes it. Only a path that one
 * of the application's routes matches gets a route; anything else stays `unmatched`, so raw paths
 * never become labels.
 *
 * @internal
 */
export class RouteCatalog {
  private readonly routes: readonly CompiledRoute[];

  constructor(routes: readonly FrameworkRoute[]) {
    // Literal routes before parameterised ones, as the routers match them.
    this.routes = routes
      .map((r) => ({ method: r.method, template: r.path, pattern: compileRouteTemplate(r.path) }))
      .sort((a, b) => Number(a.template.includes(':')) - Number(b.template.includes(':')));
  }

  /**
   * Whether `template` is one of the application's routes for `method` (a `GET` route serves
   * `HEAD` too, as the routers do; an `ALL` route serves every method).
   */
  has(method: string | undefined, template: string): boolean {
    return this.routes.some(
      (route) =>
        route.template === template &&
        (route.method === method ||
          route.method === 'ALL' ||
          (method === 'HEAD' && route.method === 'GET')),
    );
  }

  /** The template of the first route for `method` whose pattern matches `path`, if any. */
  match(method: string | undefined, path: string): string | undefined {
    for (const route of this.routes) {
      if (route.method !== method && route.method !== 'ALL') continue;
      if (route.pattern.test(path)) return route.template;
    }
    return undefined;
  }
}
