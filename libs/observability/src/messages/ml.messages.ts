// What each option of the drift monitor accepts and the fix for a bad value, and the monitor's
// own errors. The error that lists them is ObservabilityConfigError (messages.ts builds its text).
import type { OptionText } from './option.messages';

/** Texts of `DriftMonitor`'s option checks. @internal */
export const DRIFT_OPTION_MESSAGES = {
  notAnObject: {
    expected: 'an options object',
    fix: 'pass new DriftMonitor({ modelVersion, features, reference: { rows } }).',
  },
  modelVersion: {
    expected: 'a non-empty string of at most 128 characters',
    fix: "pass the version of the model the inputs go to, e.g. modelVersion: '1.0.0'.",
  },
  features: (max: number) => ({
    expected: `an object of 1 to ${max} feature names to 'numeric' or 'categorical'`,
    fix: "name every input the model reads, e.g. features: { age: 'numeric', country: 'categorical' }.",
  }),
  featureName: {
    expected: 'a non-empty name of at most 128 characters',
    fix: 'use the name the input has in the rows you observe.',
  },
  rows: (max: number) => ({
    expected: `an array of 1 to ${max} objects (the reference data set, e.g. the training set)`,
    fix: 'pass the rows the model was trained on, each an object of feature names to values.',
  }),
  noReferenceValue: (kind: string) => ({
    expected: `at least one ${kind === 'numeric' ? 'finite number' : 'value'} in the reference rows`,
    fix: 'check the feature name against the rows, or leave the feature out.',
  }),
  classes: {
    expected:
      'an array of non-empty strings, one per reference row (the labels the model was trained on)',
    fix: 'pass the training labels, or leave classes out to monitor inputs only.',
  },
  window: {
    expected: 'an object with either size (observations) or seconds, and optionally slices',
    fix: 'pass window: { size: 1000 } or window: { seconds: 600 }, or leave it out.',
  },
  windowSize: (slices: number) => ({
    expected: `an integer from ${slices} (the number of slices) to 10000000`,
    fix: 'count the last N observations, e.g. window: { size: 1000 }.',
  }),
  windowSeconds: {
    expected: 'a number of seconds from 1 to 31536000',
    fix: 'keep the last minutes of traffic, e.g. window: { seconds: 600 }.',
  },
  windowSlices: {
    expected: 'an integer from 2 to 100',
    fix: 'the window drops one slice at a time: 10 slices drop a tenth of it, e.g. slices: 10.',
  },
  bins: {
    expected: 'an integer from 2 to 100',
    fix: 'use 10 quantile bins (the usual PSI choice), or 20 for a finer KS statistic.',
  },
  maxCategories: {
    expected: 'an integer from 1 to 1000',
    fix: 'the most frequent values get a bin each, the rest share one: e.g. 50.',
  },
  minSamples: {
    expected: 'an integer from 1 to 10000000',
    fix: 'drift on few samples is noise: keep it at 100 or more.',
  },
  minSamplesOverWindow: (
    minSamples: number,
    held: number,
    window: { readonly size: number; readonly slices: number },
  ) => ({
    expected: `at most ${held}: a window of size ${window.size} in ${window.slices} slices drops a slice at a time and always holds only ${held} observations once full, so the drift would come and go, or never appear`,
    fix: `lower minSamples to ${held}, or make the window larger: window: { size: ${window.slices * Math.ceil(minSamples / (window.slices - 1))} } always holds ${minSamples}.`,
  }),
  refreshIntervalMs: {
    expected: 'an integer number of milliseconds from 100 to 3600000',
    fix: 'Prometheus scrapes every 15 to 60 s: refreshing every 10000 ms is plenty.',
  },
  maxSeries: {
    expected: 'an integer from 1 to 1000000',
    fix: 'each feature takes 3 drift series per model version: e.g. 10000.',
  },
  unknownOption: (known: readonly string[]) => ({
    expected: `one of ${known.join(', ')}`,
    fix: 'remove it, or correct its spelling.',
  }),
} as const satisfies Record<string, OptionText | ((...args: never[]) => OptionText)>;

/** The errors and log lines of the drift monitor. @internal */
export const DRIFT_MESSAGES = {
  site: 'DriftMonitor',
  replacedVersion: (version: string) =>
    `DriftMonitor: a new monitor for model_version ${JSON.stringify(version)} replaces the ` +
    `running one, which stops (the series of one version have one writer). To monitor two ` +
    `models at once (a shadow model too), give each its own version.`,
} as const;
