// What each option accepts and the fix for a bad value: the module's options (OPTION_MESSAGES),
// the shape of the options object and the routes the SDK serves (OPTION_PROBLEMS), the SLOs
// (SLO_MESSAGES), the decorators' arguments (DECORATOR_OPTIONS) and the rules metric and label
// names follow (METRIC_NAME_RULES). The errors that quote them are built in messages.ts.
import { LOG_LEVELS } from '../observability.constants';

/** What an option accepts and how to fix a bad value, as the startup error states them. @internal */
export interface OptionText {
  readonly expected: string;
  readonly fix: string;
}

/**
 * The text of every module option's validation: what it accepts, and the fix for a bad value.
 * `options/option-rules.ts` pairs each with its check.
 *
 * @internal
 */
export const OPTION_MESSAGES = {
  serviceName: {
    expected: 'a non-empty string of at most 128 characters',
    fix: "pass the service's name, e.g. ObservabilityModule.forRoot({ serviceName: 'prediction-api' }).",
  },
  serviceVersion: {
    expected: 'a non-empty string of at most 128 characters',
    fix: "pass the deployed version, e.g. serviceVersion: '1.4.2', or leave it out.",
  },
  environment: {
    expected: 'a non-empty string of at most 64 characters',
    fix: "pass the deployment environment, e.g. environment: 'production', or leave it out.",
  },
  'metrics.prefix': {
    expected:
      'a Prometheus metric-name prefix: letters, digits, "_" or ":", not starting with a digit',
    fix: 'replace other characters with "_" (e.g. "my_app_" instead of "my-app-"), or leave it out.',
  },
  'metrics.http': {
    expected: 'true or false',
    fix: 'pass false to turn the automatic HTTP metrics off, or leave it out.',
  },
  'metrics.runtime': {
    expected: 'true or false',
    fix: 'pass false to leave out the process and runtime metrics, or leave it out.',
  },
  'metrics.httpBuckets': {
    expected: 'a non-empty array of finite, positive, strictly increasing upper bounds in seconds',
    fix: 'pass bounds such as [0.05, 0.1, 0.25, 0.5, 1, 2.5], or leave it out.',
  },
  'metrics.maxSeries': {
    expected: 'an integer from 1 to 1000000',
    fix: 'pass a limit such as 2000, or leave it out.',
  },
  'metrics.path': {
    expected: 'a path starting with "/", without spaces, query or fragment, or false',
    fix: "pass a path such as '/metrics', false to serve no metrics endpoint, or leave it out.",
  },
  'metrics.port': {
    expected: 'a port number from 0 to 65535 (0 picks a free port)',
    fix: 'pass a management port such as 9464, or leave it out to serve metrics on the application port.',
  },
  'metrics.auth': {
    expected:
      'either { bearerToken } (a token of 16 to 4096 characters) or { username, password } (non-empty, no ":" in the username)',
    fix: 'pass metrics.auth: { bearerToken: process.env.METRICS_TOKEN }, or leave it out.',
  },
  'metrics.host': {
    expected: 'an interface address or host name',
    fix: "pass '0.0.0.0' (all interfaces) or '127.0.0.1' (this machine only), or leave it out.",
  },
  'tracing.sampleRatio': {
    expected: 'a number from 0 (sample no trace) to 1 (sample every trace)',
    fix: 'pass a ratio such as 0.1 for 10% of traces, or leave it out to use OTEL_TRACES_SAMPLER.',
  },
  'tracing.trustIncomingSampling': {
    expected: 'true or false',
    fix: 'pass true only when every caller is inside your trust boundary, or leave it out.',
  },
  'tracing.rules': {
    expected:
      'an array of rules, each { route, ratio } (a route template starting with "/") or { transport, operation?, ratio } ' +
      '(transport as spans name it, in lower case: tcp, redis, nats, mqtt, grpc, rabbitmq, kafka, bullmq, event_emitter, ' +
      "schedule, or a custom transport's name; operation: a pattern, gRPC method, queue, event or task name of at most " +
      '256 characters, * for any characters), with a ratio from 0 to 1',
    fix: "pass rules such as [{ route: '/health', ratio: 0 }, { transport: 'nats', ratio: 0 }, { transport: 'bullmq', operation: 'reports', ratio: 0.1 }], or leave it out.",
  },
  'http.excludePaths': {
    expected: 'an array of paths or route templates starting with "/"',
    fix: "pass paths such as ['/metrics', '/health', '/ready'], or leave it out.",
  },
  'tracing.responseHeader': {
    expected: 'a lower-case header name, or false',
    fix: "pass a header name such as 'traceresponse' or 'x-trace-id', or false to send none.",
  },
  'tracing.nestSpans': {
    expected: "'both', 'controller' or 'none'",
    fix: "pass 'controller' for one Nest span per request instead of two, or leave it out.",
  },
  'logging.level': {
    expected: LOG_LEVELS.join(', '),
    fix: "pass one of these levels, such as 'info', or leave it out to read LOG_LEVEL.",
  },
  'logging.pretty': {
    expected: 'true or false',
    fix: 'pass true for human-readable output in a terminal, or leave it out for JSON lines.',
  },
  'logging.requestHeaders': {
    expected: 'an array of lower-case header names',
    fix: "pass names such as ['user-agent', 'content-type'], or leave it out.",
  },
  'logging.accessLog': {
    expected: 'true or false',
    fix: 'pass false to turn the access log off, or leave it out.',
  },
  'logging.console': {
    expected: "'json' or 'keep'",
    fix: "pass 'keep' to leave console output as plain text, or leave it out for JSON lines.",
  },
  'health.timeoutMs': {
    expected: 'a whole number of milliseconds from 1 to 60000',
    fix: 'pass a timeout such as 1000, or leave it out for the default of 1000 ms.',
  },
  'health.cacheMs': {
    expected: 'a whole number of milliseconds from 0 to 60000',
    fix: 'pass a period such as 1000, or leave it out.',
  },
  'health.livenessPath': {
    expected: 'a path starting with "/", without spaces, query or fragment',
    fix: "pass a path such as '/health', or leave it out.",
  },
  'health.readinessPath': {
    expected: 'a path starting with "/", without spaces, query or fragment',
    fix: "pass a path such as '/ready', or leave it out.",
  },
  'health.details': {
    expected: 'true or false',
    fix: 'pass true only where probe bodies are not public, or leave it out.',
  },
  'health.drainDelayMs': {
    expected: 'a whole number of milliseconds from 0 to 300000',
    fix: 'pass a delay longer than your load balancer takes to stop routing, such as 5000.',
  },
  'health.shutdownTimeoutMs': {
    expected: 'a whole number of milliseconds from 1 to 600000',
    fix: "pass less than the pod's terminationGracePeriodSeconds, such as 25000.",
  },
} as const satisfies Record<string, OptionText>;

/** An option the module validates. @internal */
export type ValidatedOption = keyof typeof OPTION_MESSAGES;

/** A text of `OPTION_PROBLEMS`, `SLO_MESSAGES` or `DECORATOR_OPTIONS`: fixed, or built from values. */
type OptionTexts = Record<string, OptionText | ((...args: never[]) => OptionText)>;

/** The problems of the options object itself: its shape, unknown keys, routes the SDK cannot take. @internal */
export const OPTION_PROBLEMS = {
  notAnOptionsObject: {
    expected: 'an options object',
    fix: "call ObservabilityModule.forRoot({ serviceName: 'my-service' }), or return such an object from the forRootAsync factory.",
  },
  notAGroup: (group: string, fields: readonly string[]) => ({
    expected: `an object with any of: ${fields.join(', ')}`,
    fix: `pass ${group}: { ... } or leave it out.`,
  }),
  unknownOption: (known: readonly string[]) => ({
    expected: `no such option (known here: ${known.join(', ')})`,
    fix: 'remove it or correct its spelling.',
  }),
  routeTaken: (option: string, path: string, handler: string) => ({
    expected:
      `a path no controller of the application serves, but GET ${path} is mapped to ${handler} ` +
      `too, and the SDK answers it before the framework: ${handler} would never run`,
    fix:
      option === 'metrics.path'
        ? `serve the SDK's metrics elsewhere (metrics.path: '/observability/metrics', or ` +
          `metrics.port: 9464 for a management port), or let ${handler} serve them with ` +
          `metrics.path: false (prom-client's default registry holds the SDK's metrics), or remove ` +
          `that route (with @willsoto/nestjs-prometheus, drop PrometheusModule.register(): ` +
          `makeCounterProvider() metrics are served by the SDK's endpoint as they are).`
        : `move the SDK's probe with ${option} (e.g. '/livez', '/readyz'), or remove the route ` +
          `of ${handler} (the SDK's probes run your ReadinessChecks).`,
  }),
} as const satisfies OptionTexts;

/** The text of every SLO field's validation, and of the SLOs the module cannot read at startup. @internal */
export const SLO_MESSAGES = {
  notAList: (max: number) => ({
    expected: `an array of at most ${max} SLOs`,
    fix: 'pass slos: [{ name, type, target, objective, window }], or leave it out.',
  }),
  notAnSlo: {
    expected: 'an SLO object',
    fix: 'pass { name, type, target, objective, window }.',
  },
  unknownField: (known: readonly string[]) => ({
    expected: `no such field (known: ${known.join(', ')})`,
    fix: 'remove it or correct its spelling.',
  }),
  name: {
    expected: 'lowercase letters, digits and "-", starting with a letter, at most 63 characters',
    fix: "name it like 'predict-latency'.",
  },
  duplicateName: {
    expected: 'a name no other SLO has',
    fix: 'give each SLO its own name.',
  },
  type: {
    expected: "'availability', 'latency', 'accuracy' or 'drift'",
    fix: "pass type: 'availability' (share of non-errors), 'latency' (share under a threshold), 'accuracy' (share of correct predictions) or 'drift' (share of time inputs stay near the training data).",
  },
  modelTarget: (type: string) => ({
    expected: `target { kind: 'model', modelVersion? } for a${type === 'accuracy' ? 'n' : ''} ${type} SLO`,
    fix: "pass target: { kind: 'model' } (every served version) or { kind: 'model', modelVersion: '1.0.0' }.",
  }),
  modelType: {
    expected: "type 'accuracy' or 'drift' for a model target",
    fix: "pass type: 'accuracy' or 'drift', or target an HTTP route or a @Timed method.",
  },
  modelThreshold: {
    expected: 'no thresholdSeconds on an accuracy or drift SLO',
    fix: 'remove it; a drift SLO takes thresholds: { watch, act }.',
  },
  driftOnly: {
    expected: 'no such field outside a drift SLO',
    fix: "remove it, or use type: 'drift'.",
  },
  driftMethod: {
    expected: "'psi', 'js' or 'ks'",
    fix: "pass method: 'psi' (the default), 'js' or 'ks' (numeric inputs only).",
  },
  driftThresholds: {
    expected: '{ watch, act }: positive numbers with watch ≤ act, in the units of the method',
    fix: 'pass thresholds: { watch: 0.1, act: 0.2 } (the usual PSI thresholds), or leave it out.',
  },
  sustainedFor: {
    expected: 'a Prometheus duration such as 15m',
    fix: "pass how long drift stays above act before it alerts, such as '15m', or leave it out.",
  },
  targetModelVersion: {
    expected: 'a non-empty model version, as the model_version label has it',
    fix: "pass modelVersion: '1.0.0', or leave it out to watch every served version.",
  },
  objective: {
    expected: 'a share strictly between 0 and 1',
    fix: 'pass 0.999 for 99.9%; 1 would leave no error budget at all.',
  },
  window: {
    expected: 'a Prometheus duration of at least 1h',
    fix: "pass the SLO period, such as '30d' or '4w'.",
  },
  latencyThreshold: {
    expected: 'a positive number of seconds for a latency SLO',
    fix: 'pass the latency a good event stays under, such as 0.2.',
  },
  availabilityThreshold: {
    expected: 'no threshold on an availability SLO',
    fix: "remove it, or use type: 'latency'.",
  },
  description: {
    expected: 'a sentence',
    fix: 'describe what the SLO means to users, or leave it out.',
  },
  target: {
    expected:
      "{ kind: 'http', route? }, { kind: 'method', className, methodName } or { kind: 'model', modelVersion? }",
    fix: "pass target: { kind: 'http' } for the whole service.",
  },
  targetRoute: {
    expected: 'a route template starting with "/", as in http_requests_total',
    fix: "pass the template, such as '/predict' or '/models/:id'.",
  },
  targetMethod: {
    expected: 'the name of the @Timed class and method',
    fix: "pass className: 'PredictionModel', methodName: 'predict'.",
  },
  targetMetric: {
    expected: 'the @Timed metric name',
    fix: "pass the name given to @Timed, such as 'model_prediction_duration_seconds'.",
  },
  targetKind: {
    expected: "'http', 'method', 'model', 'rpc', 'queue' or 'task'",
    fix: "pass kind: 'http' for requests, 'method' for a @Timed method, 'model' for accuracy and drift, 'rpc' for a @MessagePattern, 'queue' for jobs or events, 'task' for a scheduled task.",
  },
  targetName: (field: string, example: string) => ({
    expected: `a non-empty ${field}`,
    fix: `pass ${field}: ${example}.`,
  }),
  targetSystem: {
    expected: 'a system name, as in the metric’s rpc_system or messaging_system label',
    fix: "pass system: 'nats', 'rabbitmq', 'bullmq', ... or leave it out for every system.",
  },
  thresholdBucket: (metric: string, buckets: readonly number[]) => ({
    expected: `one of the buckets of ${metric} (${buckets.join(', ')})`,
    fix: 'pick the bucket bound nearest to the latency you promise: the SLI counts whole buckets.',
  }),
  undeclaredHistogram: (className: string, methodName: string, metric: string) => ({
    expected: 'the name of a @Timed histogram declared in the application',
    fix: `decorate ${className}.${methodName} with @Timed('${metric}'), or name the metric it uses.`,
  }),
  thresholdNotABucket: (metric: string, buckets: readonly number[], threshold: number) => ({
    expected: `one of the buckets of ${metric} (${buckets.join(', ')}), which was recorded into before the module started and cannot gain one`,
    fix: `add ${threshold} to the buckets of @Timed('${metric}', { buckets: [...] }), or use one of its buckets.`,
  }),
} as const satisfies OptionTexts;

/**
 * The text of every `RuleOptions` field's validation: the options of the SLO generators and of the
 * `nestjs-observability generate` command (its flags and an SLO module's `RULE_OPTIONS`).
 *
 * @internal
 */
export const RULE_OPTION_MESSAGES = {
  notAnObject: {
    expected: 'an object of generator options',
    fix: "export const RULE_OPTIONS: RuleOptions = { serviceName: 'my-service' }, or leave it out and pass --job.",
  },
  unknownField: (known: readonly string[]) => ({
    expected: `no such field (known: ${known.join(', ')})`,
    fix: 'remove it or correct its spelling.',
  }),
  noName: {
    expected: 'the service name or its scrape job',
    fix: "pass serviceName: 'prediction-api' (the serviceName given to ObservabilityModule), or --job prediction-api.",
  },
  serviceName: {
    expected:
      'a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 40 characters (it names the headless Service, the dashboard and its file)',
    fix: "pass the Kubernetes name of the service, such as 'prediction-api', and the Prometheus job apart in job when it differs.",
  },
  job: {
    expected: 'a non-empty string of at most 128 characters without control characters',
    fix: "pass the job label Prometheus gives the service's series, such as 'prediction-api', or leave it out to use serviceName.",
  },
  prefix: {
    expected:
      'a Prometheus metric-name prefix: letters, digits, "_" or ":", not starting with a digit',
    fix: "pass the service's metrics.prefix, such as 'my_app_', or leave it out.",
  },
  port: {
    expected: 'a whole number from 1 to 65535',
    fix: 'pass the port Prometheus scrapes on each pod (the one serving metrics.path), such as 3000 or 9464.',
  },
  metricsPath: {
    expected: 'a path starting with "/", without spaces, query or fragment',
    fix: "pass the service's metrics.path, such as '/metrics'.",
  },
  alertmanagers: {
    expected:
      'an array of Alertmanager addresses as host:port (an empty array sends alerts nowhere)',
    fix: "pass the Alertmanager Prometheus notifies, such as ['alertmanager.monitoring:9093'].",
  },
  url: {
    expected: 'an http:// or https:// URL',
    fix: "pass an absolute URL such as 'https://runbooks.example.com/prediction-api', or leave it out.",
  },
  command: {
    expected: 'a non-empty command line',
    fix: "pass the command that regenerates the files, such as 'npm run slo:generate', or leave it out.",
  },
} as const satisfies OptionTexts;

/** The text of every decorator argument's validation, and of the metric options they share. @internal */
export const DECORATOR_OPTIONS = {
  nameBeforeOptions: {
    expected: 'a string',
    fix: 'pass (name, options) or (options)',
  },
  emptyName: {
    expected: 'a non-empty string',
    fix: 'leave the name out for the default',
  },
  options: (known: readonly string[]) => ({
    expected: 'an object',
    fix: `pass { ${known.join(', ')} }`,
  }),
  unknownOption: (known: readonly string[]) => ({
    expected: `one of ${known.join(', ')}`,
    fix: 'remove it or fix its spelling',
  }),
  exclude: {
    expected: 'an array of method names',
    fix: "for example ['healthCheck']",
  },
  excludeOnMethod: {
    expected: 'no exclude on a method',
    fix: 'exclude only applies to a class decorator: remove it',
  },
  sharedDefaultMetric: (decorator: string, option: string, defaultMetric: string) => ({
    expected: `no ${option} of its own on the shared default metric ${defaultMetric}`,
    fix: `give the metric its own name, for example @${decorator}('${decorator === 'Timed' ? 'model_inference_seconds' : 'model_requests_total'}', { ${option} })`,
  }),
  labels: {
    expected: 'an object of label names to values or functions',
    fix: "for example { model: 'iris' }",
  },
  labelValue: {
    expected: 'a string or a function of the call',
    fix: 'return a bounded value, such as a model version, never an id',
  },
  help: {
    expected: 'a non-empty sentence',
    fix: 'describe what the metric measures',
  },
  buckets: {
    expected: 'a non-empty array of finite, positive, strictly increasing upper bounds in seconds',
    fix: 'for example [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]',
  },
  maxSeries: {
    expected: 'an integer from 1 to 1000000',
    fix: 'keep it small: each series costs memory here and in Prometheus, for example 100',
  },
  spanKind: {
    expected: 'a SpanKind (INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER)',
    fix: 'import { SpanKind } from @opentelemetry/api',
  },
  spanName: (maxLength: number) => ({
    expected: `a span name of at most ${maxLength} characters`,
    fix: 'use a short, low-cardinality name',
  }),
  attributeName: {
    expected: 'non-empty attribute names',
    fix: "use dotted names such as 'model.version'",
  },
  attributeValue: {
    expected: 'a string, number, boolean, an array of them, or a function of the call',
    fix: 'pass a primitive, or compute it with a function',
  },
} as const satisfies OptionTexts;

/** Why a metric or label name is refused (`MESSAGES.invalidMetricName`, `MESSAGES.invalidLabelName`). @internal */
export const METRIC_NAME_RULES = {
  metricName: () =>
    'use letters, digits, `_` and `:`, not starting with a digit, for example "model_inference_seconds"',
  counterSuffix: (name: string) =>
    `a counter's name ends in _total (Prometheus convention). Fix: name it "${name}_total"`,
  durationSuffix: (name: string) =>
    `durations are recorded in seconds, so the name ends in _seconds. Fix: name it "${name.replace(/_(total|bucket|sum|count|created)$/, '')}_seconds"`,
  labelName: () =>
    'use letters, digits and `_`, not starting with a digit or `__`. Fix: rename it, for example "model_version"',
  reservedLabel: (reserved: readonly string[]) =>
    `it is set by the SDK itself (${reserved.join(', ')}). Fix: choose another name`,
  duplicateLabel: () => 'it is given twice. Fix: give it once',
} as const;
