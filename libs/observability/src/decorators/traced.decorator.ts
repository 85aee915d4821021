import type { Attributes } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import { ATTR_CODE_FUNCTION_NAME } from '@opentelemetry/semantic-conventions';
import { MESSAGES } from '../messages/messages';
import type { OptionText } from '../messages/option.messages';
import { DECORATOR_OPTIONS } from '../messages/option.messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import type { AttributeFunction } from '../instrument/probes/span.probe';
import { boundAttribute, SpanProbe } from '../instrument/probes/span.probe';
import { parseDecoratorArguments, parseExclude } from './decorator-arguments';
import type { PrimitiveAttribute, TracedOptions } from './decorator-options.interface';
import type { InstrumentationDecorator } from './instrumentation-decorator';
import { checkedDecorator, instrumentationDecorator } from './instrumentation-decorator';

const KNOWN_OPTIONS = ['kind', 'attributes', 'exclude'];
const MAX_SPAN_NAME = 256;
const SPAN_KINDS = new Set<unknown>(Object.values(SpanKind).filter((v) => typeof v === 'number'));

function invalid(where: string, option: string, value: unknown, text: OptionText) {
  return new ObservabilityDefinitionError(
    'OBS_ERR_INVALID_DECORATOR',
    MESSAGES.invalidOption(where, option, value, text),
  );
}

function isAttributeValue(value: unknown): value is PrimitiveAttribute {
  const primitive = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
  return primitive(value) || (Array.isArray(value) && value.every(primitive));
}

/** Splits `attributes` into fixed ones and ones computed per call, validating both. */
function splitAttributes(where: string, attributes: TracedOptions['attributes']) {
  const fixed: Attributes = {};
  const computed: (readonly [string, AttributeFunction])[] = [];
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (key.trim() === '') throw invalid(where, 'attributes', key, DECORATOR_OPTIONS.attributeName);
    if (typeof value === 'function') computed.push([key, value]);
    else if (isAttributeValue(value)) fixed[key] = boundAttribute(value);
    else throw invalid(where, `attributes.${key}`, value, DECORATOR_OPTIONS.attributeValue);
  }
  return { fixed, computed };
}

/**
 * Opens one span per call, named `ClassName.methodName` unless named here, as a child of the
 * active span, and keeps it active while the work runs: across `await`, for the whole life of an
 * Observable subscription and for every step of a generator, so spans opened inside nest under it.
 * A failure sets status ERROR and records the exception event; the span ends when the work ends.
 * Spans carry `code.function.name` and the given attributes (strings cut to 1024 characters).
 *
 * On a class, traces every method the class declares (`exclude` lists exceptions; a method's own
 * `@Traced` wins; a span name is not allowed there). Misuse throws an
 * `ObservabilityDefinitionError` when the class is declared. The call's result, error and `this`
 * are never changed, and a failure of the tracer never reaches the caller. Without a registered
 * tracing SDK, spans are the OpenTelemetry API's no-ops.
 *
 * @param name span name
 * @param options kind, attributes (fixed or computed from the arguments), exclude
 * @publicApi
 * @example
 * \@Traced('inference', { attributes: { 'model.version': '1.0.0', 'batch.size': ({ args }) => (args[0] as unknown[]).length } })
 * predictBatch(rows: Features[]): Prediction[] { ... }
 */
export function Traced(name?: string, options?: TracedOptions): InstrumentationDecorator;
/**
 * `@Traced(options)`: the same with the default name.
 *
 * @param options see `TracedOptions`
 * @publicApi
 */
export function Traced(options?: TracedOptions): InstrumentationDecorator;
export function Traced(
  nameOrOptions?: string | TracedOptions,
  maybeOptions?: TracedOptions,
): InstrumentationDecorator {
  return checkedDecorator(() => build(nameOrOptions, maybeOptions));
}

function build(
  nameOrOptions: string | TracedOptions | undefined,
  maybeOptions: TracedOptions | undefined,
): InstrumentationDecorator {
  const { name, options } = parseDecoratorArguments<TracedOptions>(
    'Traced',
    nameOrOptions,
    maybeOptions,
    KNOWN_OPTIONS,
  );
  const kind = options.kind ?? SpanKind.INTERNAL;
  if (!SPAN_KINDS.has(kind)) {
    throw invalid(MESSAGES.decoratorSite('Traced'), 'kind', kind, DECORATOR_OPTIONS.spanKind);
  }
  if (name !== undefined && name.length > MAX_SPAN_NAME) {
    throw invalid(
      MESSAGES.decoratorSite('Traced'),
      'name',
      name,
      DECORATOR_OPTIONS.spanName(MAX_SPAN_NAME),
    );
  }
  const { fixed, computed } = splitAttributes(MESSAGES.decoratorSite('Traced'), options.attributes);
  return instrumentationDecorator({
    decorator: 'Traced',
    kind: 'span',
    exclude: parseExclude('Traced', options.exclude),
    checkClassUse: (className) => {
      if (name !== undefined) {
        throw new ObservabilityDefinitionError(
          'OBS_ERR_INVALID_DECORATOR',
          MESSAGES.classWideSpanName(className, name),
        );
      }
    },
    createProbe: (site) =>
      new SpanProbe(
        name ?? site.qualifiedName,
        kind,
        { [ATTR_CODE_FUNCTION_NAME]: site.qualifiedName, ...fixed },
        computed,
        site.qualifiedName,
      ),
  });
}
