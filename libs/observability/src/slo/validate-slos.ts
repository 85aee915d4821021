import type { OptionProblem } from '../errors/observability-config.error';
import type { OptionText } from '../messages/option.messages';
import { SLO_MESSAGES } from '../messages/option.messages';
import {
  DEFAULT_DURATION_BUCKETS,
  LONG_DURATION_BUCKETS,
  METRIC_NAMES,
} from '../naming/metric-names';
import { isValidMetricName } from '../naming/prometheus-names';
import { durationSeconds } from './duration';

const NAME = /^[a-z][a-z0-9-]{0,62}$/;
const SLO_KEYS = [
  'name',
  'type',
  'target',
  'objective',
  'window',
  'thresholdSeconds',
  'method',
  'thresholds',
  'sustainedFor',
  'description',
];
const MODEL_TYPES = ['accuracy', 'drift'];
const MAX_SLOS = 100;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems of one SLO at `at` (`slos[2]`). */
function sloProblems(slo: unknown, at: string, seen: Set<string>): OptionProblem[] {
  if (!isObject(slo)) return [{ option: at, value: slo, ...SLO_MESSAGES.notAnSlo }];
  const problems: OptionProblem[] = [];
  const add = (field: string, text: OptionText) =>
    problems.push({ option: `${at}.${field}`, value: slo[field], ...text });
  for (const key of Object.keys(slo)) {
    if (!SLO_KEYS.includes(key)) add(key, SLO_MESSAGES.unknownField(SLO_KEYS));
  }
  if (typeof slo.name !== 'string' || !NAME.test(slo.name)) {
    add('name', SLO_MESSAGES.name);
  } else if (seen.has(slo.name)) {
    add('name', SLO_MESSAGES.duplicateName);
  } else {
    seen.add(slo.name);
  }
  if (!['availability', 'latency', ...MODEL_TYPES].includes(slo.type as string)) {
    add('type', SLO_MESSAGES.type);
  }
  if (!(typeof slo.objective === 'number' && slo.objective > 0 && slo.objective < 1)) {
    add('objective', SLO_MESSAGES.objective);
  }
  const window = durationSeconds(slo.window);
  if (window === undefined || window < 3600) {
    add('window', SLO_MESSAGES.window);
  }
  const threshold = slo.thresholdSeconds;
  if (
    slo.type === 'latency' &&
    !(typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0)
  ) {
    add('thresholdSeconds', SLO_MESSAGES.latencyThreshold);
  }
  if (slo.type === 'availability' && threshold !== undefined) {
    add('thresholdSeconds', SLO_MESSAGES.availabilityThreshold);
  }
  modelSloProblems(slo, add);
  if (slo.description !== undefined && typeof slo.description !== 'string') {
    add('description', SLO_MESSAGES.description);
  }
  problems.push(...targetProblems(slo.target, `${at}.target`));
  if (slo.type === 'latency' && typeof threshold === 'number') {
    problems.push(...thresholdProblems(slo.target, threshold, `${at}.thresholdSeconds`));
  }
  return problems;
}

/** The fields of accuracy and drift SLOs: a model target, and the drift settings on drift only. */
function modelSloProblems(
  slo: Record<string, unknown>,
  add: (field: string, text: OptionText) => void,
): void {
  const model = MODEL_TYPES.includes(slo.type as string);
  const kind = isObject(slo.target) ? slo.target.kind : undefined;
  if (model && kind !== 'model') add('target', SLO_MESSAGES.modelTarget(slo.type as string));
  if (!model && kind === 'model') add('type', SLO_MESSAGES.modelType);
  if (model && slo.thresholdSeconds !== undefined)
    add('thresholdSeconds', SLO_MESSAGES.modelThreshold);
  const drift = slo.type === 'drift';
  for (const field of ['method', 'thresholds', 'sustainedFor']) {
    if (!drift && slo[field] !== undefined) add(field, SLO_MESSAGES.driftOnly);
  }
  if (!drift) return;
  if (slo.method !== undefined && !['psi', 'js', 'ks'].includes(slo.method as string)) {
    add('method', SLO_MESSAGES.driftMethod);
  }
  const t = slo.thresholds;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (
    t !== undefined &&
    !(
      isObject(t) &&
      Object.keys(t).sort().join() === 'act,watch' &&
      finite(t.watch) &&
      finite(t.act) &&
      (t.watch as number) <= (t.act as number)
    )
  ) {
    add('thresholds', SLO_MESSAGES.driftThresholds);
  }
  if (slo.sustainedFor !== undefined && durationSeconds(slo.sustainedFor) === undefined) {
    add('sustainedFor', SLO_MESSAGES.sustainedFor);
  }
}

/** The histogram a non-HTTP, non-method latency SLO reads, and its buckets. */
const LATENCY_HISTOGRAMS: Readonly<Record<string, readonly [string, readonly number[]]>> = {
  rpc: [METRIC_NAMES.rpcServerDuration, DEFAULT_DURATION_BUCKETS],
  queue: [METRIC_NAMES.queueWait, LONG_DURATION_BUCKETS],
  task: [METRIC_NAMES.taskDuration, LONG_DURATION_BUCKETS],
};

function thresholdProblems(target: unknown, threshold: number, at: string): OptionProblem[] {
  const kind = isObject(target) && typeof target.kind === 'string' ? target.kind : '';
  const histogram = LATENCY_HISTOGRAMS[kind];
  if (histogram === undefined || histogram[1].includes(threshold)) return [];
  return [{ option: at, value: threshold, ...SLO_MESSAGES.thresholdBucket(...histogram) }];
}

/** The name field each non-HTTP target kind requires, with an example. */
const TARGET_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  rpc: ['method', "'orders.get'"],
  queue: ['destination', "'scoring' (the queue, pattern or event name)"],
  task: ['task', "'retention' (the schedule's name, or 'Class.method')"],
};

function targetProblems(target: unknown, at: string): OptionProblem[] {
  const problem = (option: string, value: unknown, text: OptionText): OptionProblem[] => [
    { option, value, ...text },
  ];
  if (!isObject(target)) return problem(at, target, SLO_MESSAGES.target);
  if (target.kind === 'http') {
    const route = target.route;
    if (route !== undefined && !(typeof route === 'string' && route.startsWith('/'))) {
      return problem(`${at}.route`, route, SLO_MESSAGES.targetRoute);
    }
    return [];
  }
  if (target.kind === 'method') {
    const problems: OptionProblem[] = [];
    for (const field of ['className', 'methodName']) {
      if (typeof target[field] !== 'string' || target[field] === '') {
        problems.push(...problem(`${at}.${field}`, target[field], SLO_MESSAGES.targetMethod));
      }
    }
    if (
      target.metric !== undefined &&
      !(typeof target.metric === 'string' && isValidMetricName(target.metric))
    ) {
      problems.push(...problem(`${at}.metric`, target.metric, SLO_MESSAGES.targetMetric));
    }
    return problems;
  }
  if (target.kind === 'model') {
    const version = target.modelVersion;
    if (version !== undefined && !(typeof version === 'string' && version !== '')) {
      return problem(`${at}.modelVersion`, version, SLO_MESSAGES.targetModelVersion);
    }
    return [];
  }
  const named = typeof target.kind === 'string' ? TARGET_NAMES[target.kind] : undefined;
  if (named !== undefined) {
    const [field, example] = named;
    const problems: OptionProblem[] = [];
    if (typeof target[field] !== 'string' || target[field] === '') {
      problems.push(
        ...problem(`${at}.${field}`, target[field], SLO_MESSAGES.targetName(field, example)),
      );
    }
    const system = target.system;
    if (
      target.kind !== 'task' &&
      system !== undefined &&
      !(typeof system === 'string' && system !== '')
    ) {
      problems.push(...problem(`${at}.system`, system, SLO_MESSAGES.targetSystem));
    }
    return problems;
  }
  return problem(`${at}.kind`, target.kind, SLO_MESSAGES.targetKind);
}

/**
 * Every problem of a list of SLOs (the `slos` option, or an SLO module the command reads), each
 * naming the SLO field (`slos[1].objective`), the value and the fix. An empty list means valid.
 *
 * @param slos what to check: anything, as read from code or a file
 * @publicApi
 */
export function validateSlos(slos: unknown): OptionProblem[] {
  if (slos === undefined) return [];
  if (!Array.isArray(slos) || slos.length > MAX_SLOS) {
    return [{ option: 'slos', value: slos, ...SLO_MESSAGES.notAList(MAX_SLOS) }];
  }
  const seen = new Set<string>();
  return slos.flatMap((slo, i) => sloProblems(slo, `slos[${i}]`, seen));
}
