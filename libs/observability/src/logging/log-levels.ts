import type { Logger } from 'pino';
import { pino } from 'pino';
import type { LogLevel } from '../observability.constants';

/** A level in force, and when it reverts (ISO time), if it does. @publicApi */
export interface LevelSetting {
  readonly level: LogLevel;
  readonly expiresAt?: string;
}

/** What the log levels are now. @publicApi */
export interface LogLevelState {
  /** The level of every line whose Nest context has no level of its own. */
  readonly level: LogLevel;
  readonly expiresAt?: string;
  /** Levels of their own, by Nest context (`PredictionService`, `Tracing`). */
  readonly contexts: Readonly<Record<string, LevelSetting>>;
}

interface Timed {
  level: LogLevel;
  expiresAt?: number;
  timer?: NodeJS.Timeout;
}

const NUMBER: Record<LogLevel, number> = { ...pino.levels.values, silent: Infinity } as Record<
  LogLevel,
  number
>;

/** At most this many contexts may have a level of their own. @internal */
export const MAX_CONTEXTS = 200;

/**
 * The service's log levels while it runs: one for every line, and, for a Nest context, one of its
 * own; each may revert after a while (a debug session that ends by itself). The root logger's
 * level is kept at the most verbose level in force, so pino lets those lines through, and
 * `allows` (called once per line by the root logger) drops a line below its context's level.
 *
 * @internal
 */
export class LogLevelControl {
  private global: Timed;
  private readonly base: LogLevel;
  private readonly contexts = new Map<string, Timed>();
  private logger: Logger | undefined;

  constructor(initial: LogLevel) {
    this.base = initial;
    this.global = { level: initial };
  }

  /** The root logger whose level this keeps. */
  attach(logger: Logger): void {
    this.logger = logger;
    this.apply();
  }

  get state(): LogLevelState {
    const contexts: Record<string, LevelSetting> = {};
    for (const [name, setting] of this.contexts) contexts[name] = describe(setting);
    return { ...describe(this.global), contexts };
  }

  /** Sets the level of every line; after `seconds`, if given, it returns to the configured one. */
  setGlobal(level: LogLevel, seconds?: number): void {
    clearTimeout(this.global.timer);
    this.global = this.timed(level, seconds, () => {
      this.global = { level: this.base };
      this.apply();
    });
    this.apply();
  }

  /** Sets the level of one Nest context; after `seconds`, if given, the global level applies again. */
  setContext(context: string, level: LogLevel, seconds?: number): boolean {
    if (!this.contexts.has(context) && this.contexts.size >= MAX_CONTEXTS) return false;
    clearTimeout(this.contexts.get(context)?.timer);
    this.contexts.set(
      context,
      this.timed(level, seconds, () => this.clearContext(context)),
    );
    this.apply();
    return true;
  }

  /** Removes a context's own level. Returns whether it had one. */
  clearContext(context: string): boolean {
    const setting = this.contexts.get(context);
    if (setting === undefined) return false;
    clearTimeout(setting.timer);
    this.contexts.delete(context);
    this.apply();
    return true;
  }

  /** Whether a line at pino level `level` written in `context` is to be kept. */
  allows(level: number, context: unknown): boolean {
    if (this.contexts.size === 0) return level >= NUMBER[this.global.level];
    const own = typeof context === 'string' ? this.contexts.get(context) : undefined;
    return level >= NUMBER[(own ?? this.global).level];
  }

  private timed(level: LogLevel, seconds: number | undefined, revert: () => void): Timed {
    if (seconds === undefined) return { level };
    const timer = setTimeout(revert, seconds * 1000);
    timer.unref();
    return { level, expiresAt: Date.now() + seconds * 1000, timer };
  }

  /** The root logger lets through the most verbose level in force. */
  private apply(): void {
    if (this.logger === undefined) return;
    let lowest = this.global.level;
    for (const { level } of this.contexts.values()) {
      if (NUMBER[level] < NUMBER[lowest]) lowest = level;
    }
    this.logger.level = lowest;
  }
}

function describe(setting: Timed): LevelSetting {
  return setting.expiresAt === undefined
    ? { level: setting.level }
    : { level: setting.level, expiresAt: new Date(setting.expiresAt).toISOString() };
}
