import { MESSAGES } from '../errors/messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import type { CallProbe, ProbeKind } from './call-probe.interface';
import type { CallSite } from './call-record';
import { instrumentFunction, instrumentationOf } from './instrumented-function';
import { MethodInstrumentation } from './method-instrumentation';
import type { AnyFunction } from './run-in-call';

/** Makes the probe of one decorator for one method. @internal */
export type ProbeFactory = (site: CallSite) => CallProbe;

/**
 * The class name and method name of a decorated member, `target` being a prototype (instance
 * methods) or a constructor (static methods).
 *
 * @internal
 */
export function callSiteOf(target: object, key: string | symbol): CallSite {
  const className =
    typeof target === 'function'
      ? target.name || 'AnonymousClass'
      : (target.constructor as { name?: string } | undefined)?.name || 'AnonymousClass';
  const methodName = typeof key === 'symbol' ? (key.description ?? 'symbol') : key;
  return { className, methodName, qualifiedName: `${className}.${methodName}` };
}

/**
 * Adds the probe of `decorator` to the method held by `descriptor`: wraps it on the first
 * decorator, and only adds the probe when it is already wrapped (stacked decorators share one
 * wrapper). Returns the descriptor to install. Throws a definition error when the member is not a
 * method.
 *
 * @internal
 */
export function instrumentMethod(
  decorator: string,
  site: CallSite,
  descriptor: PropertyDescriptor | undefined,
  createProbe: ProbeFactory,
): PropertyDescriptor {
  const current: unknown = descriptor?.value;
  if (descriptor === undefined || typeof current !== 'function') {
    const what =
      descriptor === undefined
        ? 'a property'
        : descriptor.get || descriptor.set
          ? 'an accessor'
          : 'not a function';
    throw new ObservabilityDefinitionError(
      'OBS_ERR_INVALID_DECORATOR',
      MESSAGES.notAMethod(decorator, site.qualifiedName, what),
    );
  }
  const existing = instrumentationOf(current);
  if (existing !== undefined) {
    existing.add(createProbe(site));
    return descriptor;
  }
  const plan = new MethodInstrumentation(site);
  plan.add(createProbe(site));
  return { ...descriptor, value: instrumentFunction(current as AnyFunction, plan) };
}

/**
 * Whether the method held by `descriptor` already has a probe of `kind` (a method-level decorator
 * wins over the same decorator on its class).
 *
 * @internal
 */
export function hasProbe(descriptor: PropertyDescriptor, kind: ProbeKind): boolean {
  return instrumentationOf(descriptor.value)?.has(kind) ?? false;
}
