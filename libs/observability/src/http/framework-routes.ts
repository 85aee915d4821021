import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { ApplicationConfig, DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A `GET` (or `HEAD`, or any-method) route of the application's controllers. @internal */
export interface FrameworkRoute {
  /** The path as requests reach it: global prefix included, normalised (`/api/metrics`). */
  readonly path: string;
  /** `ControllerClass.method`, to name it in messages. */
  readonly handler: string;
}

const READS = new Set<unknown>([RequestMethod.GET, RequestMethod.HEAD, RequestMethod.ALL]);

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : ['/'];

/** `/`-joined, one leading slash, no trailing or doubled slash: `//api/` + `metrics/` is `/api/metrics`. */
function joinPath(...parts: string[]): string {
  const path = parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '')
    .join('/');
  return `/${path}`;
}

/**
 * Every route of the application's controllers that answers `GET` requests, read from the route
 * metadata Nest's decorators write (`@Controller`, `@Get`, `@All`), with the global prefix unless a
 * route is excluded from it. Module paths (`RouterModule`) and URI versions are not applied: a
 * versioned or module-mounted route never sits at a bare SDK path.
 *
 * @internal
 */
export function frameworkReadRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  config: ApplicationConfig | undefined,
): FrameworkRoute[] {
  const prefix = config?.getGlobalPrefix() ?? '';
  const exclusions = config?.getGlobalPrefixOptions().exclude ?? [];
  const excluded = (path: string) =>
    exclusions.some((route) => route.pathRegex?.test(path) || joinPath(route.path) === path);
  const routes: FrameworkRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
    if (typeof controller !== 'function') continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const method = prototype[name];
      if (typeof method !== 'function') continue;
      if (!READS.has(Reflect.getMetadata(METHOD_METADATA, method))) continue;
      for (const base of list(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const own of list(Reflect.getMetadata(PATH_METADATA, method))) {
          const path = joinPath(base, own);
          routes.push({
            path: prefix === '' || excluded(path) ? path : joinPath(prefix, path),
            handler: `${controller.name}.${name}`,
          });
        }
      }
    }
  }
  return routes;
}
