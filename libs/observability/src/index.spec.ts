import * as api from './index';

describe('public API of @app/observability', () => {
  it('exports exactly these runtime names (types are checked by the compiler)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'Counted',
      'DatabaseHealthIndicator',
      'EXPOSITION_CONTENT_TYPES',
      'ModelHealthIndicator',
      'OBSERVABILITY_LOGGER',
      'OBSERVABILITY_OPTIONS',
      'ObservabilityConfigError',
      'ObservabilityDefinitionError',
      'ObservabilityLogger',
      'ObservabilityModule',
      'ObservabilityTestKit',
      'REDACTED',
      'REQUEST_ID_HEADER',
      'ReadinessChecks',
      'RedisHealthIndicator',
      'Timed',
      'Traced',
      'budgetSpent',
      'burnRate',
      'dashboardRows',
      'durationSeconds',
      'errorBudget',
      'errorBudgetReport',
      'generateDeployFiles',
      'generatePrometheusFiles',
      'goldenSignalAlerts',
      'grafanaDashboard',
      'isSecretKey',
      'redactFields',
      'redactQuery',
      'redactText',
      'renderMetrics',
      'renderRuleFile',
      'resolveOptions',
      'sloAlertRules',
      'sloRecordingRules',
      'startTracing',
      'traceFields',
      'tracingSettingsFromEnv',
    ]);
  });

  it('offers forRoot and forRootAsync', () => {
    expect(typeof api.ObservabilityModule.forRoot).toBe('function');
    expect(typeof api.ObservabilityModule.forRootAsync).toBe('function');
  });
});
