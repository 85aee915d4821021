const seconds = (ms: number) => `${ms / 1000} s`;

/** What the feature cache logs: each line says what happens to requests meanwhile. */
export const CACHE_MESSAGES = {
  failed: (operation: string, reason: string, failures: number) =>
    `Feature cache ${operation} failed (${reason}); this request is answered without the cache. ` +
    `${failures} failure(s) since the last warning.`,
  opened: (failures: number, probeAfterMs: number) =>
    `Feature cache (REDIS_URL) failed ${failures} times in a row: it is skipped until a probe ` +
    `answers (first probe in ${seconds(probeAfterMs)}). Predictions are answered uncached and ` +
    `nothing waits on Redis meanwhile. Fix: check that Redis at REDIS_URL is up and responsive.`,
  closed: () => 'Feature cache (REDIS_URL) answers again: lookups and writes resumed.',
} as const;
