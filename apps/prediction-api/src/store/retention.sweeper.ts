import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { PredictionStore } from './prediction-store';
import { STORE_MESSAGES } from './store.messages';

/** Rows deleted per statement: small enough that a sweep never holds the store for long. */
const BATCH = 1_000;

/**
 * Keeps at most `keep` predictions (0: all): every `everyMs`, off the request path, deletes the
 * oldest beyond that in batches of 1,000 (yielding to requests between batches), then lets the
 * store reclaim the space and recycle its write-ahead log (`maintain`). A failed sweep is logged
 * and retried at the next one.
 */
export class RetentionSweeper {
  private readonly logger = new Logger('RetentionSweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly store: PredictionStore,
    private readonly keep: number,
    private readonly everyMs: number,
  ) {}

  /** Starts sweeping on a timer that never keeps the process alive. */
  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.everyMs).unref();
  }

  /** Sweeps now (or joins the sweep running); returns how many predictions it deleted. */
  sweep(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async run(): Promise<number> {
    if (!this.store.ready) return 0;
    let deleted = 0;
    try {
      for (let n = this.keep > 0 ? BATCH : 0; n === BATCH; deleted += n) {
        n = await this.store.deleteOldest(this.keep, BATCH);
        await yieldToRequests();
      }
      if (deleted > 0) this.logger.debug(STORE_MESSAGES.retentionDeleted(deleted, this.keep));
      await this.store.maintain();
    } catch (error) {
      this.logger.warn(STORE_MESSAGES.retentionFailed(error));
    }
    return deleted;
  }
}
