import { MESSAGES } from '../errors/messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import type { ProbeKind } from './call-probe.interface';
import type { ProbeFactory } from './instrument-method';
import { callSiteOf, hasProbe, instrumentMethod } from './instrument-method';

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
