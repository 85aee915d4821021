import { MESSAGES } from '../messages/messages';
import type { OptionText } from '../messages/option.messages';
import { DECORATOR_OPTIONS } from '../messages/option.messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';

/** The two optional arguments of a decorator, sorted out. @internal */
export interface DecoratorArguments<O> {
  readonly name: string | undefined;
  readonly options: O;
}

function invalid(decorator: string, option: string, value: unknown, text: OptionText) {
  return new ObservabilityDefinitionError(
    'OBS_ERR_INVALID_DECORATOR',
    MESSAGES.invalidOption(MESSAGES.decoratorSite(decorator), option, value, text),
  );
}

/**
 * Sorts out `(name?, options?)` (either may be left out: `@Timed({ buckets })` is
 * `@Timed(undefined, { buckets })`) and rejects unknown option keys, so a typo fails where it is
 * written instead of being ignored.
 *
 * @internal
 */
export function parseDecoratorArguments<O extends object>(
  decorator: string,
  nameOrOptions: unknown,
  maybeOptions: unknown,
  knownKeys: readonly string[],
): DecoratorArguments<O> {
  const nameGiven = typeof nameOrOptions === 'string' || nameOrOptions === undefined;
  const name = typeof nameOrOptions === 'string' ? nameOrOptions : undefined;
  const options = nameGiven ? maybeOptions : nameOrOptions;
  if (!nameGiven && maybeOptions !== undefined) {
    throw invalid(decorator, 'name', nameOrOptions, DECORATOR_OPTIONS.nameBeforeOptions);
  }
  if (name !== undefined && name.trim() === '') {
    throw invalid(decorator, 'name', name, DECORATOR_OPTIONS.emptyName);
  }
  if (options === undefined) return { name, options: {} as O };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalid(decorator, 'options', options, DECORATOR_OPTIONS.options(knownKeys));
  }
  for (const key of Object.keys(options)) {
    if (!knownKeys.includes(key)) {
      throw invalid(
        decorator,
        key,
        (options as Record<string, unknown>)[key],
        DECORATOR_OPTIONS.unknownOption(knownKeys),
      );
    }
  }
  return { name, options: options as O };
}

/**
 * Checks an `exclude` option: an array of method names.
 *
 * @internal
 */
export function parseExclude(decorator: string, exclude: unknown): readonly string[] {
  if (exclude === undefined) return [];
  if (!Array.isArray(exclude) || !exclude.every((e) => typeof e === 'string')) {
    throw invalid(decorator, 'exclude', exclude, DECORATOR_OPTIONS.exclude);
  }
  return exclude;
}
