import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { PredictionStore } from './prediction-store';
import { STORE_MESSAGES } from './store.messages';

/** Waits between attempts: 0.5 s, doubling up to 10 s, for as long as it takes. */
const FIRST_WAIT_MS = 500;
const MAX_WAIT_MS = 10_000;

/**
 * Prepares the store (connects and checks the schema): once at startup, then, if the database
 * did not answer, in the background with an exponential back-off until it does. A database that
 * is down at boot makes the service not ready, never a crash loop. Each failed attempt is logged
 * with the wait before the next (at most one line per 10 s once the back-off is at its cap).
 * A plain loop rather than cockatiel's `retry`, whose waits cannot be cut short at shutdown.
 */
export class StorePreparation {
  private readonly logger = new Logger('PredictionStore');
  private readonly abort = new AbortController();

  constructor(private readonly store: PredictionStore) {}

  /** Makes the first attempt; if it fails, keeps trying in the background. Never rejects. */
  async start(): Promise<void> {
    if (await this.attempt(1)) return;
    void this.retry();
  }

  /** Stops retrying (at shutdown); an attempt in flight ends with the pool. */
  stop(): void {
    this.abort.abort();
  }

  private async retry(): Promise<void> {
    for (let attempt = 2; ; attempt++) {
      try {
        await sleep(this.waitBefore(attempt), undefined, { signal: this.abort.signal, ref: false });
      } catch {
        return; // stopped
      }
      if (await this.attempt(attempt)) return;
    }
  }

  /** One attempt; true when the store is prepared. */
  private async attempt(attempt: number): Promise<boolean> {
    try {
      await this.store.migrate();
      this.logger.log(STORE_MESSAGES.prepared(attempt));
      return true;
    } catch (error) {
      if (this.abort.signal.aborted) return true;
      this.logger.warn(STORE_MESSAGES.notReachable(attempt, error, this.waitBefore(attempt + 1)));
      return false;
    }
  }

  private waitBefore(attempt: number): number {
    return Math.min(FIRST_WAIT_MS * 2 ** (attempt - 2), MAX_WAIT_MS);
  }
}
