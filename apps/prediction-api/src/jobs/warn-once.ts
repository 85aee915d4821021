import type { Logger } from '@nestjs/common';

/**
 * Logs each distinct Redis error message once at warn: a Redis that stays away raises the same
 * error on every reconnection attempt, and one line says it. At most 20 messages are remembered.
 */
export class WarnOnce {
  private readonly reported = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  /** Logs `error` unless its message was logged already. */
  report(error: Error): void {
    if (this.reported.has(error.message)) return;
    if (this.reported.size < 20) this.reported.add(error.message);
    this.logger.warn(`${this.what} lost Redis and is reconnecting: ${error.message}`);
  }
}
