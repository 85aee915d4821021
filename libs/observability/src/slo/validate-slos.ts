import type { OptionProblem } from '../errors/observability-config.error';
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
  'description',
];
const MAX_SLOS = 100;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems of one SLO at `at` (`slos[2]`). */
function sloProblems(slo: unknown, at: string, seen: Set<string>): OptionProblem[] {
  if (!isObject(slo)) {
    return [
      {
        option: at,
        value: slo,
        expected: 'an SLO object',
        fix: 'pass { name, type, target, objective, window }.',
      },
    ];
  }
  const problems: OptionProblem[] = [];
  const add = (field: string, expected: string, fix: string) =>
    problems.push({ option: `${at}.${field}`, value: slo[field], expected, fix });
  for (const key of Object.keys(slo)) {
    if (!SLO_KEYS.includes(key))
      add(
        key,
        `no such field (known: ${SLO_KEYS.join(', ')})`,
        'remove it or correct its spelling.',
      );
  }
  if (typeof slo.name !== 'string' || !NAME.test(slo.name)) {
    add(
      'name',
      'lowercase letters, digits and "-", starting with a letter, at most 63 characters',
      "name it like 'predict-latency'.",
    );
  } else if (seen.has(slo.name)) {
    add('name', 'a name no other SLO has', 'give each SLO its own name.');
  } else {
    seen.add(slo.name);
  }
  if (slo.type !== 'availability' && slo.type !== 'latency') {
    add(
      'type',
      "'availability' or 'latency'",
      "pass type: 'availability' (share of non-errors) or 'latency' (share under a threshold).",
    );
  }
  if (!(typeof slo.objective === 'number' && slo.objective > 0 && slo.objective < 1)) {
    add(
      'objective',
      'a share strictly between 0 and 1',
      'pass 0.999 for 99.9%; 1 would leave no error budget at all.',
    );
  }
  const window = durationSeconds(slo.window);
  if (window === undefined || window < 3600) {
    add(
      'window',
      'a Prometheus duration of at least 1h',
      "pass the SLO period, such as '30d' or '4w'.",
    );
  }
  const threshold = slo.thresholdSeconds;
  if (
    slo.type === 'latency' &&
    !(typeof threshold === 'number' && Number.isFinite(threshold) && threshold > 0)
  ) {
    add(
      'thresholdSeconds',
      'a positive number of seconds for a latency SLO',
      'pass the latency a good event stays under, such as 0.2.',
    );
  }
  if (slo.type === 'availability' && threshold !== undefined) {
    add(
      'thresholdSeconds',
      'no threshold on an availability SLO',
      "remove it, or use type: 'latency'.",
    );
  }
  if (slo.description !== undefined && typeof slo.description !== 'string') {
    add('description', 'a sentence', 'describe what the SLO means to users, or leave it out.');
  }
  problems.push(...targetProblems(slo.target, `${at}.target`));
  return problems;
}

function targetProblems(target: unknown, at: string): OptionProblem[] {
  const problem = (
    option: string,
    value: unknown,
    expected: string,
    fix: string,
  ): OptionProblem[] => [{ option, value, expected, fix }];
  if (!isObject(target)) {
    return problem(
      at,
      target,
      "{ kind: 'http', route? } or { kind: 'method', className, methodName }",
      "pass target: { kind: 'http' } for the whole service.",
    );
  }
  if (target.kind === 'http') {
    const route = target.route;
    if (route !== undefined && !(typeof route === 'string' && route.startsWith('/'))) {
      return problem(
        `${at}.route`,
        route,
        'a route template starting with "/", as in http_requests_total',
        "pass the template, such as '/predict' or '/models/:id'.",
      );
    }
    return [];
  }
  if (target.kind === 'method') {
    const problems: OptionProblem[] = [];
    for (const field of ['className', 'methodName']) {
      if (typeof target[field] !== 'string' || target[field] === '') {
        problems.push(
          ...problem(
            `${at}.${field}`,
            target[field],
            'the name of the @Timed class and method',
            "pass className: 'PredictionModel', methodName: 'predict'.",
          ),
        );
      }
    }
    if (
      target.metric !== undefined &&
      !(typeof target.metric === 'string' && isValidMetricName(target.metric))
    ) {
      problems.push(
        ...problem(
          `${at}.metric`,
          target.metric,
          'the @Timed metric name',
          "pass the name given to @Timed, such as 'model_prediction_duration_seconds'.",
        ),
      );
    }
    return problems;
  }
  return problem(
    `${at}.kind`,
    target.kind,
    "'http' or 'method'",
    "pass kind: 'http' for requests or 'method' for a @Timed method.",
  );
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
    return [
      {
        option: 'slos',
        value: slos,
        expected: `an array of at most ${MAX_SLOS} SLOs`,
        fix: 'pass slos: [{ name, type, target, objective, window }], or leave it out.',
      },
    ];
  }
  const seen = new Set<string>();
  return slos.flatMap((slo, i) => sloProblems(slo, `slos[${i}]`, seen));
}
