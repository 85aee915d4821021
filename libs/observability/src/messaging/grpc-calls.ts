import type { HandlerSite } from './message-exchange';

/** The longest gRPC method name kept as a span name or label value. */
const MAX_METHOD_LENGTH = 128;

/** A full gRPC method path as grpc-js routes it: `/<package.Service>/<Method>`. */
const METHOD_PATH = /^\/([A-Za-z_][\w.]*\/[A-Za-z_]\w*)$/;

/** How many distinct method paths one handler is named by (Nest may route several to it). */
const MAX_PATHS_PER_HANDLER = 16;

/**
 * The name of the gRPC method Nest registers under `pattern` (`@GrpcMethod`'s
 * `{"service":...,"rpc":...,"streaming":...}`, as an object or its JSON): `<service>/<rpc>`, as
 * OpenTelemetry names gRPC methods, cut to 128 characters; `unserializable` for anything else.
 * Code-defined (the decorator's arguments), never the caller's.
 *
 * @internal
 */
export function grpcMethodName(pattern: unknown): string {
  let parsed: unknown = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      return pattern.slice(0, MAX_METHOD_LENGTH);
    }
  }
  const { service, rpc } = (parsed ?? {}) as { service?: unknown; rpc?: unknown };
  if (typeof service !== 'string' || typeof rpc !== 'string') return 'unserializable';
  return `${service}/${rpc}`.slice(0, MAX_METHOD_LENGTH);
}

/**
 * The method a grpc-js method path names (`/<package.Service>/<Method>`, from the service's
 * proto), without its leading `/`; `undefined` for a path of another shape or longer than 128
 * characters.
 *
 * @internal
 */
export function grpcMethodOfPath(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.length > MAX_METHOD_LENGTH + 1) return undefined;
  return METHOD_PATH.exec(path)?.[1];
}

interface GrpcCallLike {
  readonly metadata?: unknown;
  getPath?(): unknown;
}

/**
 * The server call among a gRPC handler's arguments: `(data, metadata, call)` for unary, server
 * streaming and `@GrpcStreamMethod` handlers, `(call[, callback])` for `@GrpcStreamCall` ones.
 */
function callOf(args: ArrayLike<unknown>): GrpcCallLike | undefined {
  for (const candidate of [args[2], args[0]]) {
    if (typeof candidate === 'object' && candidate !== null && 'metadata' in candidate) {
      return candidate;
    }
  }
  return undefined;
}

/** Where one gRPC call is handled, and the metadata that carries its caller's context. @internal */
export interface GrpcCallSite {
  readonly site: HandlerSite;
  readonly carrier: unknown;
}

/**
 * For the gRPC handler registered at `site` (named from its Nest pattern), each call's site and
 * carrier: the method as the call names it (`<package.Service>/<Method>` from grpc-js's
 * `getPath()`, a method grpc-js routed here, so from the service's proto and never the caller's
 * text; Nest also routes `package.Service` calls to a handler registered under `Service`), and
 * the call's `Metadata`. A path of another shape, or beyond the first 16 distinct ones, keeps the
 * registered name.
 *
 * @internal
 */
export function grpcCallSites(site: HandlerSite): (args: ArrayLike<unknown>) => GrpcCallSite {
  const byPath = new Map<string, HandlerSite>();
  return (args) => {
    const call = callOf(args);
    const carrier = call?.metadata;
    const path: unknown = typeof call?.getPath === 'function' ? call.getPath() : undefined;
    if (typeof path !== 'string') return { site, carrier };
    let named = byPath.get(path);
    if (named === undefined) {
      const method = grpcMethodOfPath(path);
      if (method === undefined || byPath.size >= MAX_PATHS_PER_HANDLER) return { site, carrier };
      named = { ...site, pattern: method };
      byPath.set(path, named);
    }
    return { site: named, carrier };
  };
}
