import * as api from './index';

describe('public API of @app/observability', () => {
  it('exports exactly these runtime names (types are checked by the compiler)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'Counted',
      'DatabaseHealthIndicator',
      'EXPOSITION_CONTENT_TYPES',
      'ModelHealthIndicator',
      'OBSERVABILITY_OPTIONS',
      'ObservabilityConfigError',
      'ObservabilityDefinitionError',
      'ObservabilityModule',
      'ObservabilityTestKit',
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
      'renderMetrics',
      'renderRuleFile',
      'resolveOptions',
      'sloAlertRules',
      'sloRecordingRules',
    ]);
  });

  it('offers forRoot and forRootAsync', () => {
    expect(typeof api.ObservabilityModule.forRoot).toBe('function');
    expect(typeof api.ObservabilityModule.forRootAsync).toBe('function');
  });
});
