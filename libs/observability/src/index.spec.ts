import * as runtime from './index';
import * as slo from './slo/index';
import * as testing from './testing/index';

describe('public API of nestjs-observability', () => {
  it('the runtime entry exports exactly these names (types are checked by the API report)', () => {
    expect(Object.keys(runtime).sort()).toEqual([
      'Counted',
      'DatabaseHealthIndicator',
      'DriftMonitor',
      'ModelHealthIndicator',
      'ModelSignals',
      'OBSERVABILITY_LOGGER',
      'OBSERVABILITY_OPTIONS',
      'ObservabilityConfigError',
      'ObservabilityDefinitionError',
      'ObservabilityLogger',
      'ObservabilityModule',
      'REQUEST_ID_HEADER',
      'ReadinessChecks',
      'RedisHealthIndicator',
      'ScheduledTaskObserver',
      'Timed',
      'Traced',
      'bullMqTelemetry',
      'grpcClientInterceptor',
      'resolveOptions',
      'traceFields',
    ]);
  });

  it('the testing entry exports the test kit only', () => {
    expect(Object.keys(testing).sort()).toEqual(['ObservabilityTestKit']);
  });

  it('the slo entry exports the SLO math and generators', () => {
    expect(Object.keys(slo).sort()).toEqual([
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
      'renderRuleFile',
      'sloAlertRules',
      'sloRecordingRules',
      'validateRuleOptions',
      'validateSlos',
    ]);
  });

  it('offers forRoot and forRootAsync', () => {
    expect(typeof runtime.ObservabilityModule.forRoot).toBe('function');
    expect(typeof runtime.ObservabilityModule.forRootAsync).toBe('function');
  });
});
