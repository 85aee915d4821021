import { MESSAGES } from '../messages/messages';
import { DECORATOR_OPTIONS } from '../messages/option.messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import type { ProbeKind } from '../instrument/call';
import { instrumentClass } from '../instrument/instrument';
import type { ProbeFactory } from '../instrument/instrument';
import { callSiteOf, instrumentMethod } from '../instrument/instrument';

/**
 * A decorator for a method, or for a class (instrumenting every method it declares).
 *
 * @publicApi
 */
export type InstrumentationDecorator = ClassDecorator & MethodDecorator;

/** How one decorator applies its probe. @internal */
export interface DecoratorPlan {
  readonly decorator: string;
  readonly kind: ProbeKind;
  readonly exclude: readonly string[];
  readonly createProbe: ProbeFactory;
  /** Called when applied to a class, to reject options that make no sense there. */
  readonly checkClassUse?: (className: string) => void;
}

/**
 * Builds the decorator function of `@Traced`, `@Timed` or `@Counted` from its plan: on a method
 * it adds the probe to the method's one wrapper; on a class, to every method the class declares.
 *
 * @internal
 */
export function instrumentationDecorator(plan: DecoratorPlan): InstrumentationDecorator {
  const decorate = (
    target: object,
    key?: string | symbol,
    descriptor?: PropertyDescriptor,
  ): PropertyDescriptor | undefined => {
    if (key === undefined) {
      const constructor = target as abstract new (...args: never[]) => unknown;
      plan.checkClassUse?.(constructor.name);
      instrumentClass(plan.decorator, plan.kind, constructor, plan.exclude, plan.createProbe);
      return undefined;
    }
    const site = callSiteOf(target, key);
    if (plan.exclude.length > 0) {
      throw new ObservabilityDefinitionError(
        'OBS_ERR_INVALID_DECORATOR',
        MESSAGES.invalidOption(
          MESSAGES.decoratorSite(plan.decorator, site.qualifiedName),
          'exclude',
          plan.exclude,
          DECORATOR_OPTIONS.excludeOnMethod,
        ),
      );
    }
    return instrumentMethod(plan.decorator, site, descriptor, plan.createProbe);
  };
  return decorate as InstrumentationDecorator;
}

/**
 * Runs a decorator factory's option checks. An invalid option is reported when the decorator is
 * applied, so that the error also names the class or method it was written on.
 *
 * @internal
 */
export function checkedDecorator(build: () => InstrumentationDecorator): InstrumentationDecorator {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ObservabilityDefinitionError)) throw error;
    const fail = (target: object, key?: string | symbol): never => {
      const where =
        key === undefined
          ? MESSAGES.classSite((target as { name?: string }).name)
          : callSiteOf(target, key).qualifiedName;
      throw new ObservabilityDefinitionError(error.code, MESSAGES.atSite(where, error.message));
    };
    return fail;
  }
}
