const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * What the prediction store logs and answers. A connection string is never part of a message:
 * the variable is named instead, and driver errors go through the SDK's logger, which redacts.
 */
export const STORE_MESSAGES = {
  idleConnectionLost: (error: unknown) => `Idle PostgreSQL connection lost: ${reasonOf(error)}`,
  notReachable: (attempt: number, error: unknown, retryInMs: number) =>
    `Cannot prepare the prediction store at DATABASE_URL (attempt ${attempt}: ${reasonOf(error)}). ` +
    `The service runs without it: /ready answers 503 naming "database" and predictions answer 503. ` +
    `Retrying in ${seconds(retryInMs)}. Fix: start PostgreSQL, or correct DATABASE_URL.`,
  prepared: (attempts: number) =>
    `Prediction store ready (schema checked${attempts > 1 ? ` after ${attempts} attempts` : ''}).`,
  notPrepared: () =>
    'the database has not been reached since startup (the schema is not checked yet)',
  embeddedFailed: (error: unknown) =>
    `Cannot open the embedded prediction store: ${reasonOf(error)}. Fix: point EMBEDDED_DB_DIR ` +
    'at a writable folder, or unset it to keep the store in memory.',
  retentionFailed: (error: unknown) =>
    `Retention sweep of the prediction store failed (${reasonOf(error)}); the next sweep retries. ` +
    'Requests are not affected.',
  retentionDeleted: (deleted: number, kept: number) =>
    `Retention: deleted ${deleted} prediction(s) older than the newest ${kept}.`,
  retentionTaskFailed: (error: unknown) =>
    `Retention task failed (${reasonOf(error)}); its next run retries. Requests are not affected.`,
  retentionTaskDeleted: (deleted: number, days: number) =>
    `Retention task: deleted ${deleted} prediction(s) older than ${days} day(s).`,
  notRecorded: 'The prediction store is unavailable: nothing was recorded. Retry later.',
  outcomeUnknown:
    'The prediction store did not confirm the write in time: the prediction may or may not be ' +
    'recorded. Retry with the same Idempotency-Key header: a recorded prediction is then ' +
    'returned, never stored twice (without the header, a retry may store it twice).',
  unreadable:
    'The prediction store is unavailable: recent predictions cannot be read. Retry later.',
} as const;
