// The warnings about environment variables the SDK cannot use (OTEL_*, LOG_LEVEL, LOG_FORMAT):
// what each kind of variable accepts, the fix, and the one line that names the variable, its
// value and the default used instead. environment/env-reader.ts records them; the preload and
// the module log them at startup.
import { describeValue } from './describe-value';
import type { OptionText } from './option.messages';

/** @internal */
export const ENVIRONMENT_MESSAGES = {
  unusable: (name: string, value: string, text: OptionText, used: string) =>
    `${name}=${describeValue(value)} cannot be used: expected ${text.expected}. Fix: ${text.fix}. Using ${used} meanwhile.`,
  boolean: (name: string): OptionText => ({
    expected: 'true or false',
    fix: `set ${name}=true or ${name}=false, or unset it`,
  }),
  choice: (name: string, allowed: readonly string[]): OptionText => ({
    expected: `one of ${allowed.join(', ')}`,
    fix: `set ${name} to one of them`,
  }),
  noneWithOthers: (allowed: readonly string[]): OptionText => ({
    expected: `none alone, or a list of ${allowed.join(', ')}`,
    fix: `drop none or the others`,
  }),
  unknownEntries: (name: string, allowed: readonly string[], unknown: readonly string[]) => ({
    expected: `a comma-separated list of ${allowed.join(', ')} (or none)`,
    fix: `remove ${unknown.join(', ')} from ${name}`,
  }),
  number: (name: string, min: number, max: number): OptionText => ({
    expected: `a number from ${min} to ${max}`,
    fix: `set ${name} to such a number`,
  }),
  url: (name: string): OptionText => ({
    expected: 'an absolute http(s) URL',
    fix: `set ${name} to a URL such as http://collector:4318`,
  }),
  resourceAttribute: () => ({
    expected: 'key=value pairs separated by commas, values percent-encoded',
    fix: 'write each attribute as key=value, encoding "," as %2C',
    used: 'the other attributes',
  }),
} as const;
