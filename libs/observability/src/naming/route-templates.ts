/**
 * A route template compiled the way Nest writes them, to match request paths: `:name` matches one
 * path segment, `*` or `*name` (and `{*name}`) the rest of the path; everything else matches
 * itself, and a trailing slash is optional.
 *
 * @internal
 */
export function compileRouteTemplate(template: string): RegExp {
  const body = template
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment.startsWith('*') || segment.startsWith('{*')) return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${body}/?$`);
}
