/**
 * A failure the command reports as one line (naming the fix) and exit code, without a stack.
 *
 * @internal
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
