import { Catch } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter, HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import type { FieldError } from './invalid-input.exception';
import { InvalidInputException } from './invalid-input.exception';

/** The error body-parser raises: an HTTP error with a `type` such as `entity.parse.failed`. */
interface BodyParserError {
  readonly type: string;
  readonly status?: number;
  readonly message: string;
}

const BODY_ERROR_TYPES =
  /^(entity\.|charset\.unsupported$|encoding\.unsupported$|request\.(aborted|size\.invalid)$)/;

/**
 * The body-parser error behind `exception`: the error itself, or (as Nest's Express adapter wraps
 * it in an HttpException) its `cause`.
 */
function bodyParserError(exception: unknown): BodyParserError | undefined {
  for (const candidate of [exception, (exception as { cause?: unknown } | null)?.cause]) {
    const type = (candidate as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && BODY_ERROR_TYPES.test(type))
      return candidate as BodyParserError;
  }
  return undefined;
}

/**
 * Turns body-parser failures (malformed JSON, oversized or badly encoded bodies) into the API's
 * 400 shape, naming the field `body` and the reason. An oversized body gets 400 too, not 413: the
 * API answers every bad input the same way. Every other error goes to Nest's own handler.
 * Every rejected input (these and `InvalidInputException`s) is reported to `onInvalidInput`.
 */
@Catch()
export class BodyParserErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  constructor(
    httpAdapter: HttpServer,
    private readonly limitKb: number,
    private readonly onInvalidInput: (errors: readonly FieldError[]) => void = () => undefined,
  ) {
    super(httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const error = bodyParserError(exception);
    if (error === undefined) {
      if (exception instanceof InvalidInputException) this.onInvalidInput(exception.errors);
      super.catch(exception, host);
      return;
    }
    const reason =
      error.type === 'entity.too.large'
        ? `is larger than the ${this.limitKb} KiB limit`
        : error.type === 'entity.parse.failed'
          ? `is not valid JSON (${error.message})`
          : `cannot be read (${error.message})`;
    this.onInvalidInput([{ field: 'body', reason }]);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(400)
      .json({
        statusCode: 400,
        error: 'Bad Request',
        message: `body: ${reason}`,
        errors: [{ field: 'body', reason }],
      });
  }
}
