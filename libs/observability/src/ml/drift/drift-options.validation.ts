import type { OptionProblem } from '../../errors/observability-config.error';
import { ObservabilityConfigError } from '../../errors/observability-config.error';
import type { OptionText } from '../../messages/option.messages';
import { DRIFT_MESSAGES, DRIFT_OPTION_MESSAGES as TEXT } from '../../messages/ml.messages';
import type { DriftMonitorOptions } from './drift-monitor-options.interface';
import type { FeatureKind } from './reference-profile';
import { categoryKey, isNumericValue } from './reference-profile';
import type { WindowShape } from './sliding-window';
import { heldOnceFull } from './sliding-window';

/** The options with every default applied. @internal */
export interface ResolvedDriftOptions {
  readonly modelVersion: string;
  readonly features: readonly { readonly name: string; readonly kind: FeatureKind }[];
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  readonly classes: readonly string[] | undefined;
  readonly window: WindowShape;
  readonly bins: number;
  readonly maxCategories: number;
  readonly minSamples: number;
  readonly refreshIntervalMs: number;
  readonly maxSeries: number;
}

/** The defaults of `DriftMonitorOptions`. @internal */
export const DRIFT_DEFAULTS = {
  windowSize: 1000,
  slices: 10,
  bins: 10,
  maxCategories: 50,
  minSamples: 100,
  refreshIntervalMs: 10_000,
  maxSeries: 10_000,
} as const;

/** Most features and reference rows a monitor takes. @internal */
export const DRIFT_LIMITS = { features: 1000, rows: 10_000_000 } as const;

const KNOWN = [
  'modelVersion',
  'features',
  'reference',
  'window',
  'bins',
  'maxCategories',
  'minSamples',
  'refreshIntervalMs',
  'maxSeries',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isInteger = (min: number, max: number) => (v: unknown) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

const isName = (v: unknown) => typeof v === 'string' && v.trim() !== '' && v.length <= 128;

/**
 * Checks `options` and applies the defaults. Throws one `ObservabilityConfigError` listing every
 * problem, each naming the option, the bad value and the fix.
 *
 * @internal
 */
export function resolveDriftOptions(options: DriftMonitorOptions): ResolvedDriftOptions {
  const problems: OptionProblem[] = [];
  const report = (option: string, value: unknown, text: OptionText) =>
    problems.push({ option, value, ...text });
  if (!isObject(options)) {
    throw new ObservabilityConfigError(
      [{ option: 'options', value: options, ...TEXT.notAnObject }],
      DRIFT_MESSAGES.site,
    );
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) report(key, options[key as never], TEXT.unknownOption(KNOWN));
  }
  if (!isName(options.modelVersion))
    report('modelVersion', options.modelVersion, TEXT.modelVersion);

  const rows = options.reference?.rows;
  const rowsValid =
    Array.isArray(rows) &&
    rows.length > 0 &&
    rows.length <= DRIFT_LIMITS.rows &&
    rows.every(isObject);
  if (!rowsValid) report('reference.rows', rows, TEXT.rows(DRIFT_LIMITS.rows));

  const features: { name: string; kind: FeatureKind }[] = [];
  const entries = isObject(options.features) ? Object.entries(options.features) : [];
  if (entries.length === 0 || entries.length > DRIFT_LIMITS.features) {
    report('features', options.features, TEXT.features(DRIFT_LIMITS.features));
  }
  for (const [name, kind] of entries) {
    if (!isName(name)) report(`features[${JSON.stringify(name)}]`, name, TEXT.featureName);
    else if (kind !== 'numeric' && kind !== 'categorical') {
      report(`features.${name}`, kind, TEXT.features(DRIFT_LIMITS.features));
    } else {
      features.push({ name, kind });
      const present = (row: Readonly<Record<string, unknown>>) =>
        kind === 'numeric' ? isNumericValue(row[name]) : categoryKey(row[name]) !== undefined;
      if (rowsValid && !rows.some(present)) {
        report(`features.${name}`, kind, TEXT.noReferenceValue(kind));
      }
    }
  }

  const classes = options.reference?.classes;
  const classesValid =
    classes === undefined ||
    (Array.isArray(classes) &&
      classes.every((c) => typeof c === 'string' && c !== '') &&
      (!rowsValid || classes.length === rows.length));
  if (!classesValid) report('reference.classes', classes, TEXT.classes);

  const windowProblems = problems.length;
  const window = resolveWindow(options.window, report);
  const windowValid = problems.length === windowProblems;
  const number = (
    option: keyof typeof DRIFT_DEFAULTS & keyof DriftMonitorOptions,
    min: number,
    max: number,
  ) => {
    const value = options[option] ?? DRIFT_DEFAULTS[option];
    if (!isInteger(min, max)(value)) report(option, value, TEXT[option]);
    return value;
  };
  const resolved: ResolvedDriftOptions = {
    modelVersion: options.modelVersion,
    features,
    rows: rowsValid ? rows : [],
    classes,
    window,
    bins: number('bins', 2, 100),
    maxCategories: number('maxCategories', 1, 1000),
    minSamples: resolveMinSamples(options.minSamples, windowValid ? window : undefined, report),
    refreshIntervalMs: number('refreshIntervalMs', 100, 3_600_000),
    maxSeries: number('maxSeries', 1, 1_000_000),
  };
  if (problems.length > 0) throw new ObservabilityConfigError(problems, DRIFT_MESSAGES.site);
  return resolved;
}

/**
 * `minSamples`, checked against what a count window always holds once full: above it the drift
 * would come and go with each slice the window drops (or, at the window's size, never appear).
 * Left out, it is the default or, under a smaller count window, all the window always holds.
 */
function resolveMinSamples(
  value: unknown,
  window: WindowShape | undefined,
  report: (option: string, value: unknown, text: OptionText) => void,
): number {
  const held =
    (window === undefined ? undefined : heldOnceFull(window)) ?? Number.POSITIVE_INFINITY;
  if (value === undefined) return Math.min(DRIFT_DEFAULTS.minSamples, held);
  if (!isInteger(1, 10_000_000)(value)) report('minSamples', value, TEXT.minSamples);
  else if (window?.kind === 'count' && (value as number) > held) {
    report('minSamples', value, TEXT.minSamplesOverWindow(value as number, held, window));
  }
  return value as number;
}

function resolveWindow(
  window: unknown,
  report: (option: string, value: unknown, text: OptionText) => void,
): WindowShape {
  const fallback: WindowShape = {
    kind: 'count',
    size: DRIFT_DEFAULTS.windowSize,
    slices: DRIFT_DEFAULTS.slices,
  };
  if (window === undefined) return fallback;
  const keys = isObject(window) ? Object.keys(window) : [];
  if (
    !isObject(window) ||
    keys.some((k) => !['size', 'seconds', 'slices'].includes(k)) ||
    (window.size === undefined) === (window.seconds === undefined)
  ) {
    report('window', window, TEXT.window);
    return fallback;
  }
  const slices = window.slices ?? DRIFT_DEFAULTS.slices;
  if (!isInteger(2, 100)(slices)) {
    report('window.slices', slices, TEXT.windowSlices);
    return fallback;
  }
  const count = slices as number;
  if (window.size !== undefined) {
    if (!isInteger(count, 10_000_000)(window.size)) {
      report('window.size', window.size, TEXT.windowSize(count));
    }
    return { kind: 'count', size: window.size as number, slices: count };
  }
  const seconds = window.seconds;
  if (typeof seconds !== 'number' || !(seconds >= 1 && seconds <= 31_536_000)) {
    report('window.seconds', seconds, TEXT.windowSeconds);
  }
  return { kind: 'time', seconds: seconds as number, slices: count };
}
