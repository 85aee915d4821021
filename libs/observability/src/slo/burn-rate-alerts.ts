/**
 * One pair of windows of a multi-window, multi-burn-rate alert (the Google SRE workbook's table
 * for a 30-day SLO): it fires when both windows burn faster than `factor` times the budget.
 *
 * @internal
 */
export interface BurnRateWindow {
  readonly severity: 'page' | 'ticket';
  readonly factor: number;
  readonly long: string;
  readonly short: string;
  /** How long the condition must hold before the alert fires. */
  readonly for: string;
}

/** @internal */
export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { severity: 'page', factor: 14.4, long: '1h', short: '5m', for: '2m' },
  { severity: 'page', factor: 6, long: '6h', short: '30m', for: '15m' },
  { severity: 'ticket', factor: 3, long: '1d', short: '2h', for: '1h' },
  { severity: 'ticket', factor: 1, long: '3d', short: '6h', for: '3h' },
];

/** The windows the recording rules compute an error ratio over (the SLO window is added). @internal */
export const RECORDED_WINDOWS: readonly string[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/**
 * Fewest events per hour for an SLO to page or open a ticket: below it, a lone error is a large
 * ratio of nothing, and nobody should wake up for it.
 *
 * @internal
 */
export const MIN_EVENTS_PER_HOUR = 60;
