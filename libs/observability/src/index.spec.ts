import * as api from './index';

describe('public API of @app/observability', () => {
  it('exports exactly these runtime names (types are checked by the compiler)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'Counted',
      'EXPOSITION_CONTENT_TYPES',
      'OBSERVABILITY_OPTIONS',
      'ObservabilityConfigError',
      'ObservabilityDefinitionError',
      'ObservabilityModule',
      'ObservabilityTestKit',
      'Timed',
      'Traced',
      'renderMetrics',
      'resolveOptions',
    ]);
  });

  it('offers forRoot and forRootAsync', () => {
    expect(typeof api.ObservabilityModule.forRoot).toBe('function');
    expect(typeof api.ObservabilityModule.forRootAsync).toBe('function');
  });
});
