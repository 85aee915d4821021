import { createRequire } from 'node:module';
import { SpanKind } from '@opentelemetry/api';
import { ATTR_CODE_FUNCTION_NAME } from '@opentelemetry/semantic-conventions';
import { instrumentFunction } from '../instrument/instrument';
import { MethodInstrumentation } from '../instrument/method-instrumentation';
import type { AnyFunction } from '../instrument/call';
import { SpanProbe } from '../instrument/probes/span.probe';
import type { NestSpansMode } from '../options/observability-options.interface';

type Create = (
  this: unknown,
  instance: object,
  callback: AnyFunction,
  methodName: string,
  ...rest: unknown[]
) => AnyFunction;

const PATCHED = Symbol.for('@app/observability.nest-spans');

/** The majors of `@nestjs/core` whose `RouterExecutionContext.create` this adapter was tested on. */
const SUPPORTED_MAJORS = [11, 12];

/**
 * What the adapter did in this process: the `@nestjs/core` it found and whether its spans are in
 * place, for the startup report.
 *
 * @internal
 */
export interface NestSpansState {
  /** The installed `@nestjs/core` version, or `undefined` when it could not be read. */
  readonly version: string | undefined;
  /** Whether the controller and handler spans are in place. */
  readonly installed: boolean;
  /** Why they are not, when they are not. */
  readonly reason?: 'unsupported-version' | 'no-router-execution-context';
  /** Which spans the routes get (`tracing.nestSpans`). */
  readonly mode?: NestSpansMode;
}

let state: NestSpansState = { version: undefined, installed: false };

/** Which spans the routes built from now on get (`tracing.nestSpans`). */
let mode: NestSpansMode = 'both';

/**
 * Sets which Nest-level spans the routes get (`tracing.nestSpans`). Called when the module's
 * options are resolved, which Nest does before `app.init()` builds the routes; like the patch it
 * configures, it holds for the process.
 *
 * @internal
 */
export function configureNestSpans(next: NestSpansMode): void {
  mode = next;
}

/** What the adapter did in this process. @internal */
export function nestSpansState(): NestSpansState {
  return { ...state, mode };
}

function installedNestVersion(load: NodeJS.Require): string | undefined {
  try {
    return (load('@nestjs/core/package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** A client error (an HttpException below 500) is the caller's failure, not the span's. */
function isServerFailure(error: unknown): boolean {
  const status = (error as { getStatus?: () => unknown } | null)?.getStatus?.();
  return typeof status !== 'number' || status >= 500;
}

function spanPlan(
  className: string,
  methodName: string,
  type: 'controller' | 'handler',
  version: string | undefined,
): MethodInstrumentation {
  const qualifiedName = `${className}.${methodName}`;
  // Not under an unsampled request's span: its Nest spans would not record either.
  const plan = new MethodInstrumentation({ className, methodName, qualifiedName }, true);
  // The attributes @opentelemetry/instrumentation-nestjs-core sets, so queries written for it work.
  const attributes = {
    component: '@nestjs/core',
    ...(version === undefined ? {} : { 'nestjs.version': version }),
    'nestjs.type': type === 'controller' ? 'request_context' : 'handler',
    'nestjs.controller': className,
    'nestjs.callback': methodName,
    [ATTR_CODE_FUNCTION_NAME]: qualifiedName,
  };
  plan.add(
    new SpanProbe(
      `${type} ${qualifiedName}`,
      SpanKind.INTERNAL,
      attributes,
      [],
      qualifiedName,
      isServerFailure,
    ),
  );
  return plan;
}

/**
 * Nest-level spans (`@opentelemetry/instrumentation-nestjs-core` produces none on Nest 12):
 * for every HTTP route, a `controller Class.method` span (`nestjs.type=request_context`) around
 * guards, interceptors, pipes, the handler and the response, and beneath it a
 * `handler Class.method` span (`nestjs.type=handler`) around the handler alone, so the
 * decorators' spans (`Class.method` by default) nest under it without sharing its name. Both
 * use the decorators' engine: Promise, Observable and stream results end their span when the
 * work ends, and the handler keeps its name, length and every Reflect metadata key (guards and
 * interceptors read them).
 *
 * Done by wrapping Nest's `RouterExecutionContext.create`, which builds each route's handler
 * when the application initialises, so it must run before `app.init()` (the module calls it from
 * `ObservabilityModule.forRoot`). Patches only the `@nestjs/core` majors it was tested on (11 and
 * 12, both covered by the compatibility test); on another, or when the method is missing, it
 * leaves Nest alone and the startup report says so.
 *
 * @internal
 */
export function installNestSpans(): NestSpansState {
  const load = createRequire(__filename);
  const version = installedNestVersion(load);
  const major = Number(version?.split('.')[0]);
  if (!SUPPORTED_MAJORS.includes(major)) {
    return (state = { version, installed: false, reason: 'unsupported-version' });
  }
  const missing: NestSpansState = {
    version,
    installed: false,
    reason: 'no-router-execution-context',
  };
  let prototype: { create?: Create & { [PATCHED]?: true } } | undefined;
  try {
    const module = load('@nestjs/core/router/router-execution-context') as {
      RouterExecutionContext?: { prototype: typeof prototype };
    };
    prototype = module.RouterExecutionContext?.prototype;
  } catch {
    return (state = missing);
  }
  const original = prototype?.create;
  if (prototype === undefined || typeof original !== 'function') return (state = missing);
  if (original[PATCHED] === true) return (state = { version, installed: true });
  const traced: Create & { [PATCHED]?: true } = function (
    this: unknown,
    instance,
    callback,
    methodName,
    ...rest
  ) {
    const className =
      (instance?.constructor as { name?: string } | undefined)?.name || 'Controller';
    if (typeof callback !== 'function' || mode === 'none')
      return original.call(this, instance, callback, methodName, ...rest);
    const handler =
      mode === 'both'
        ? instrumentFunction(callback, spanPlan(className, methodName, 'handler', version))
        : callback;
    const route = original.call(this, instance, handler, methodName, ...rest);
    return instrumentFunction(route, spanPlan(className, methodName, 'controller', version));
  };
  traced[PATCHED] = true;
  prototype.create = traced;
  return (state = { version, installed: true });
}
