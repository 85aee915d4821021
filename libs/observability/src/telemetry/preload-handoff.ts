import type { TelemetryEnvironment } from '../environment/telemetry-environment';
import type { SamplingRule } from '../options/observability-options.interface';

/** Who the service is: the resource attributes every span, metric push and log record carries. @internal */
export interface ServiceIdentity {
  readonly name: string;
  readonly version: string;
  readonly environment: string;
}

/** How this service samples, as the module options say. @internal */
export interface SamplingSettings {
  /** The root ratio; undefined keeps the preload's (`OTEL_TRACES_SAMPLER_ARG`). */
  readonly ratio: number | undefined;
  /** Whether an incoming `traceparent`'s sampled flag decides. */
  readonly trustIncoming: boolean;
  /** Per-route and per-transport ratios, first match wins. */
  readonly rules: readonly SamplingRule[];
}

/** What the module tells the preload's SDK when it starts. @internal */
export interface ModuleSettings {
  readonly identity: ServiceIdentity;
  readonly sampling: SamplingSettings;
}

/** What the preload offers the module: the settings it waits for, and the running SDK. @internal */
export interface PreloadOffer<Sdk> {
  readonly sdk: Sdk;
  /** Delivers the module's settings; the first call wins, and later ones return false. */
  deliver(settings: ModuleSettings): boolean;
}

const SLOT = Symbol.for('nestjs-observability.preload');

/**
 * The one meeting point of the preload and the module. The preload starts OpenTelemetry before
 * Nest loads, from the environment; the module knows the service's name, version, environment
 * and sampling only when it starts. So the preload publishes an offer here, in the process's
 * global symbol registry (a second copy of the package in `node_modules` finds it too), and the
 * module delivers its settings to it once: the resource's service attributes are OpenTelemetry
 * asynchronous attributes that settle then (spans wait for them, up to a fallback), and the
 * sampler switches from the environment's ratio to the module's. Nothing is changed after that.
 *
 * @internal
 */
export function publishPreloadOffer<Sdk>(offer: PreloadOffer<Sdk>): void {
  (globalThis as { [SLOT]?: PreloadOffer<unknown> })[SLOT] = offer;
}

/** The preload's offer, when the preload ran in this process. @internal */
export function findPreloadOffer<Sdk>(): PreloadOffer<Sdk> | undefined {
  return (globalThis as { [SLOT]?: PreloadOffer<Sdk> })[SLOT];
}

/**
 * The `OTEL_*` settings the preload's SDK started with, when the preload ran in this process:
 * what is in effect, whatever the environment says now (a `.env` file that `main.ts` loads comes
 * after the preload, too late for the SDK). Undefined without the preload, or with
 * `OTEL_SDK_DISABLED=true`.
 *
 * @internal
 */
export function preloadSettings(): TelemetryEnvironment | undefined {
  return findPreloadOffer<{ readonly settings: TelemetryEnvironment }>()?.sdk.settings;
}
