import { RequestMethod, VERSION_NEUTRAL, VersioningType } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, VERSION_METADATA } from '@nestjs/common/constants';
import type { ApplicationConfig, DiscoveryService, MetadataScanner } from '@nestjs/core';

/** A route of the application's controllers. @internal */
export interface FrameworkRoute {
  /** `GET`, `POST`, ..., or `ALL` (`@All`). */
  readonly method: string;
  /** The path as requests reach it: global prefix and URI version included (`/api/v1/items/:id`). */
  readonly path: string;
  /** `ControllerClass.method`, to name it in messages. */
  readonly handler: string;
}

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

/** The URI version segments of a route (`['v1', 'v2']`), or `['']` when it is not versioned. */
function versionSegments(config: ApplicationConfig | undefined, ...declared: unknown[]): string[] {
  const versioning = config?.getVersioning();
  if (versioning?.type !== VersioningType.URI) return [''];
  const value = declared.find((v) => v !== undefined) ?? versioning.defaultVersion;
  if (value === undefined) return [''];
  const prefix = versioning.prefix === false ? '' : (versioning.prefix ?? 'v');
  return (Array.isArray(value) ? value : [value]).map((v) =>
    v === VERSION_NEUTRAL ? '' : `${prefix}${String(v)}`,
  );
}

/**
 * Every route of the application's controllers, read from the route metadata Nest's decorators
 * write (`@Controller`, `@Get`, `@Post`, `@All`, `@Version`), with the global prefix (unless a
 * route is excluded from it) and URI versions. Module paths (`RouterModule`) are not applied.
 *
 * @internal
 */
export function frameworkRoutes(
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
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const requestMethod: unknown = Reflect.getMetadata(METHOD_METADATA, handler);
      if (typeof requestMethod !== 'number') continue;
      const method = RequestMethod[requestMethod] ?? 'ALL';
      const versions = versionSegments(
        config,
        Reflect.getMetadata(VERSION_METADATA, handler),
        Reflect.getMetadata(VERSION_METADATA, controller),
      );
      for (const base of list(Reflect.getMetadata(PATH_METADATA, controller))) {
        for (const own of list(Reflect.getMetadata(PATH_METADATA, handler))) {
          for (const version of versions) {
            const path = joinPath(version, base, own);
            routes.push({
              method,
              path: prefix === '' || excluded(path) ? path : joinPath(prefix, path),
              handler: `${controller.name}.${name}`,
            });
          }
        }
      }
    }
  }
  return routes;
}
