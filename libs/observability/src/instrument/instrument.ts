import { context } from '@opentelemetry/api';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import { MESSAGES } from '../messages/messages';
import type { AnyFunction, CallProbe, CallRecord, CallSite, ProbeKind } from './call';
import { runInCall } from './call';
import { reportInstrumentationFailure } from './failure-reporter';
import { isGeneratorFunction, observeGenerator } from './generator-result';
import { MethodInstrumentation } from './method-instrumentation';
import { completeCall } from './results';

const PLAN = Symbol('observability.instrumentation');
const SKIPPED_PROPERTIES = new Set<string | symbol>(['name', 'length', 'prototype', PLAN]);

interface MetadataReflect {
  getOwnMetadataKeys?(target: object): unknown[];
  getOwnMetadata?(key: unknown, target: object): unknown;
  defineMetadata?(key: unknown, value: unknown, target: object): void;
}

/**
 * The instrumentation behind `fn`, when `fn` is a wrapper made by `instrumentFunction`.
 *
 * @internal
 */
export function instrumentationOf(fn: unknown): MethodInstrumentation | undefined {
  return typeof fn === 'function'
    ? ((fn as { [PLAN]?: MethodInstrumentation })[PLAN] ?? undefined)
    : undefined;
}

/**
 * Wraps `original` so that every call runs through `plan`. The wrapper keeps what callers and
 * frameworks can see: `name`, `length`, every other own property, and every Reflect metadata key
 * and value (Nest's route, guard, role and event metadata live there).
 *
 * @internal
 */
export function instrumentFunction(
  original: AnyFunction,
  plan: MethodInstrumentation,
): AnyFunction {
  const wrapper = isGeneratorFunction(original)
    ? function (this: unknown): unknown {
        // `arguments` rather than rest parameters: no array is built on the hot path.
        // eslint-disable-next-line prefer-rest-params
        const args = arguments;
        const parent = context.active();
        if (plan.skips(parent)) return Reflect.apply(original, this, args);
        const inner = Reflect.apply(original, this, args) as Generator;
        return observeGenerator(plan, () => plan.begin(this, args, parent), inner, false);
      }
    : function (this: unknown): unknown {
        // eslint-disable-next-line prefer-rest-params
        return invokeInstrumented(plan, original, this, arguments);
      };
  for (const key of Reflect.ownKeys(original)) {
    if (SKIPPED_PROPERTIES.has(key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(original, key);
    if (descriptor?.configurable !== false) Object.defineProperty(wrapper, key, descriptor ?? {});
  }
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  Object.defineProperty(wrapper, PLAN, { value: plan });
  copyMetadata(original, wrapper);
  return wrapper;
}

function copyMetadata(from: object, to: object): void {
  const reflect = Reflect as MetadataReflect;
  if (!reflect.getOwnMetadataKeys || !reflect.getOwnMetadata || !reflect.defineMetadata) return;
  for (const key of reflect.getOwnMetadataKeys(from)) {
    reflect.defineMetadata(key, reflect.getOwnMetadata(key, from), to);
  }
}

/**
 * One call of an instrumented (non-generator) method: begin, run, and hand the result to
 * `completeCall`, which ends the measurement when the work ends, whatever the result's shape.
 * The caller gets what `original` returned or threw; if beginning fails, `original` runs plain.
 *
 * @internal
 */
export function invokeInstrumented(
  plan: MethodInstrumentation,
  original: AnyFunction,
  thisArg: unknown,
  args: ArrayLike<unknown>,
): unknown {
  const parent = context.active();
  if (plan.skips(parent)) return Reflect.apply(original, thisArg, args);
  let call: CallRecord;
  try {
    call = plan.begin(thisArg, args, parent);
  } catch (error) {
    reportInstrumentationFailure(plan.site.qualifiedName, 'start-call', error);
    return Reflect.apply(original, thisArg, args);
  }
  let result: unknown;
  try {
    result = runInCall(call, original, thisArg, args);
  } catch (error) {
    plan.end(call, 'error', error);
    throw error;
  }
  return completeCall(plan, call, result);
}

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
    const found =
      descriptor === undefined
        ? 'property'
        : descriptor.get || descriptor.set
          ? 'accessor'
          : 'value';
    throw new ObservabilityDefinitionError(
      'OBS_ERR_INVALID_DECORATOR',
      MESSAGES.notAMethod(decorator, site.qualifiedName, found),
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

/**
 * Instruments every method declared on `constructor.prototype` (not inherited ones, not
 * accessors, not the constructor), except those in `exclude` and those that already carry a
 * method-level decorator of the same kind.
 *
 * @internal
 */
export function instrumentClass(
  decorator: string,
  kind: ProbeKind,
  constructor: abstract new (...args: never[]) => unknown,
  exclude: readonly string[],
  createProbe: ProbeFactory,
): void {
  const prototype = constructor.prototype as object;
  const methods = Object.getOwnPropertyNames(prototype).filter((name) => {
    if (name === 'constructor') return false;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    return typeof descriptor?.value === 'function';
  });
  for (const name of exclude) {
    if (!methods.includes(name)) {
      throw new ObservabilityDefinitionError(
        'OBS_ERR_INVALID_DECORATOR',
        MESSAGES.unknownExclusion(decorator, constructor.name, name, methods),
      );
    }
  }
  for (const name of methods) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
    if (exclude.includes(name) || hasProbe(descriptor, kind)) continue;
    const site = callSiteOf(prototype, name);
    Object.defineProperty(
      prototype,
      name,
      instrumentMethod(decorator, site, descriptor, createProbe),
    );
  }
}
