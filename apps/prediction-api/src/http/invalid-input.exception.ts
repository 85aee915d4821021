import { BadRequestException } from '@nestjs/common';

/** One reason a request was refused: which field, and why. */
export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

/**
 * A 400 whose body lists every bad field:
 * `{ statusCode: 400, error: 'Bad Request', message, errors: [{ field, reason }] }`.
 */
export class InvalidInputException extends BadRequestException {
  constructor(readonly errors: readonly FieldError[]) {
    super({
      statusCode: 400,
      error: 'Bad Request',
      message: errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
      errors,
    });
  }
}
