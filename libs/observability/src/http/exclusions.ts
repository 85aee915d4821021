import { compileRouteTemplate } from '../naming/route-templates';
import { pathOf } from './route-template';

/** Whether an entry of `http.excludePaths` is a route template (`:id`, `*`) rather than a path. */
function isTemplate(entry: string): boolean {
  return entry.includes('/:') || entry.includes('*');
}

/**
 * `http.excludePaths`, decided once per request when it arrives, from its path: a plain entry
 * matches the path itself (without its query string), a route template (`/items/:id`, `/files/*`)
 * matches the paths it routes, the way `tracing.rules` match. Deciding on arrival, before any
 * sink starts, is what lets an excluded request have no span at all and leave no request in
 * `http_requests_active`; the route the framework matches is known only after the span started.
 *
 * @internal
 */
export class Exclusions {
  private readonly paths: ReadonlySet<string>;
  private readonly templates: readonly RegExp[];

  constructor(entries: readonly string[]) {
    this.paths = new Set(entries.filter((e) => !isTemplate(e)));
    this.templates = entries.filter(isTemplate).map(compileRouteTemplate);
  }

  /** Whether the request to `url` is left unrecorded. */
  excludes(url: string | undefined): boolean {
    const path = pathOf(url);
    if (this.paths.has(path)) return true;
    for (const template of this.templates) if (template.test(path)) return true;
    return false;
  }
}
