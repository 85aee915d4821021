import type { DriftMethod } from '../../slo/slo.interface';
import type { FeatureKind } from './reference-profile';

/**
 * The drift of one input in the latest refresh.
 *
 * @publicApi
 */
export interface FeatureDrift {
  /** The feature's name, as given to the monitor. */
  readonly feature: string;
  /** How its values are compared. */
  readonly kind: FeatureKind;
  /** Values of the feature in the window (missing ones not counted). */
  readonly samples: number;
  /**
   * The statistics by method (`ks` for numeric features only); empty while `samples` is under
   * `minSamples`, as the exported series are absent.
   */
  readonly drift: Readonly<Partial<Record<DriftMethod, number>>>;
}

/**
 * What one refresh of a `DriftMonitor` computed.
 *
 * @publicApi
 */
export interface DriftReport {
  /** The monitor's model version. */
  readonly modelVersion: string;
  /** When the refresh finished. */
  readonly computedAt: Date;
  /** Observations the window held. */
  readonly observations: number;
  /** Every feature, in the order the monitor was given them. */
  readonly features: readonly FeatureDrift[];
  /** Drift of the predicted classes against the reference's classes, when those were given. */
  readonly prediction?: {
    /** Predicted classes in the window. */
    readonly samples: number;
    /** `psi` and `js`; empty under `minSamples`. */
    readonly drift: Readonly<Partial<Record<DriftMethod, number>>>;
  };
}
