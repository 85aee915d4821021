/**
 * Injection token of the resolved, validated `ObservabilityModule` options
 * (`ResolvedObservabilityOptions`).
 *
 * @publicApi
 * @example
 * constructor(@Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions) {}
 */
export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');
