import { ENVIRONMENT_MESSAGES } from '../messages/environment.messages';
import type { OptionText } from '../messages/option.messages';

/** One environment variable with a value that cannot be used: named, with the fix. @publicApi */
export interface EnvironmentWarning {
  /** The variable, e.g. `OTEL_TRACES_SAMPLER`. */
  readonly variable: string;
  /** Its value, as set. */
  readonly value: string;
  /** One line naming the variable, the value, what it accepts, the fix and the default used. */
  readonly message: string;
}

/**
 * Reads environment variables the way the OpenTelemetry specification asks: values are trimmed,
 * enumerations and booleans are case-insensitive, an empty value counts as unset, and a value that
 * cannot be used gives one warning (naming the variable, the value and the fix) and the default,
 * never a failure. The one place where the library reads the environment.
 *
 * @internal
 */
export class EnvReader {
  readonly warnings: EnvironmentWarning[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The trimmed value, or undefined when unset or empty. */
  text(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  /** `true` or `false`, case-insensitive; anything else warns and gives `fallback`. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true' || value === 'false') return value === 'true';
    this.warn(name, ENVIRONMENT_MESSAGES.boolean(name), fallback);
    return fallback;
  }

  /** One of `allowed`, case-insensitive. */
  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.text(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.warn(name, ENVIRONMENT_MESSAGES.choice(name, allowed), fallback);
    return fallback;
  }

  /**
   * A comma-separated list of `allowed` entries, case-insensitive and without duplicates. Unknown
   * entries warn and are left out; when none is left, `fallback`. `none` alone means an empty list.
   */
  list<T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): T[] {
    const raw = this.text(name);
    if (raw === undefined) return [...fallback];
    const entries = raw
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter((e) => e !== '');
    if (entries.includes('none')) {
      if (entries.length > 1) {
        this.warn(name, ENVIRONMENT_MESSAGES.noneWithOthers(allowed), []);
      }
      return [];
    }
    const known = entries.filter((e): e is T => (allowed as readonly string[]).includes(e));
    const unknown = entries.filter((e) => !(allowed as readonly string[]).includes(e));
    if (unknown.length > 0) {
      const used = known.length > 0 ? known : fallback;
      this.warnAbout(
        name,
        unknown.join(','),
        ENVIRONMENT_MESSAGES.unknownEntries(name, allowed, unknown),
        used.join(',') || 'none',
      );
    }
    return known.length > 0 ? [...new Set(known)] : [...fallback];
  }

  /** A number from `min` to `max`. */
  number(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= min && value <= max) return value;
    this.warn(name, ENVIRONMENT_MESSAGES.number(name, min, max), fallback);
    return fallback;
  }

  /** An absolute http(s) URL. */
  url(name: string, fallback: string): string {
    const raw = this.text(name);
    if (raw === undefined) return fallback;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
    } catch {
      // reported below
    }
    this.warn(name, ENVIRONMENT_MESSAGES.url(name), fallback);
    return fallback;
  }

  /** Records that `name` holds an unusable value and `fallback` is used instead. */
  warn(name: string, text: OptionText, fallback: unknown): void {
    this.warnAbout(name, this.env[name] ?? '', text, describeFallback(fallback));
  }

  /** Records a warning about a part (`value`) of the variable `name`, once. */
  warnAbout(name: string, value: string, text: OptionText, used: string): void {
    if (this.warnings.some((w) => w.variable === name && w.value === value)) return;
    this.warnings.push({
      variable: name,
      value,
      message: ENVIRONMENT_MESSAGES.unusable(name, value, text, used),
    });
  }
}

function describeFallback(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  return String(value);
}
