import { context } from '@opentelemetry/api';
import { isGeneratorFunction, observeGenerator } from './generator-result';
import { invokeInstrumented } from './invoke-instrumented';
import type { MethodInstrumentation } from './method-instrumentation';
import type { AnyFunction } from './run-in-call';

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
