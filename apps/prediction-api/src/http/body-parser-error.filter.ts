import { Catch } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter, HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { FieldError } from './invalid-input.exception';
import { InvalidInputException } from './invalid-input.exception';

/**
 * The error body-parser raises: an HTTP error with a `type` such as `entity.parse.failed`, or,
 * when a compressed body does not decompress, zlib's own error (with a `code` such as
 * `Z_DATA_ERROR`) given a 400 status.
 */
interface BodyParserError {
  readonly type?: string;
  readonly code?: string;
  readonly message: string;
}

const BODY_ERROR_TYPES =
  /^(entity\.|charset\.unsupported$|encoding\.unsupported$|request\.(aborted|size\.invalid)$)/;

/** Codes of zlib's gzip/deflate (`Z_*`), brotli (`ERR__ERROR_*`) and zstd errors. */
const DECOMPRESSION_CODES = /^(Z_[A-Z_]+|ERR__ERROR_[A-Z_0-9]+|ERR_BROTLI_[A-Z_]+|ZSTD_error_\w+)$/;

const isBodyParserError = (candidate: unknown): candidate is BodyParserError => {
  const { type, code } = (candidate ?? {}) as { type?: unknown; code?: unknown };
  return (
    (typeof type === 'string' && BODY_ERROR_TYPES.test(type)) ||
    (typeof code === 'string' && DECOMPRESSION_CODES.test(code))
  );
};

/**
 * The body-parser error behind `exception`: the error itself, or (as Nest's Express adapter wraps
 * it in an HttpException) its `cause`.
 */
function bodyParserError(exception: unknown): BodyParserError | undefined {
  const candidates = [exception, (exception as { cause?: unknown } | null)?.cause];
  return candidates.find(isBodyParserError);
}

/** The request's Content-Encoding, as one short token (it is the client's text). */
function encodingOf(req: Request): string {
  const value = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  return /^[a-z0-9-]{1,20}$/.test(value) ? value : 'unknown';
}

/**
 * Turns body-parser failures (malformed JSON, oversized or badly encoded bodies) into the API's
 * 400 shape, naming the field `body` and the reason, as is a gzip, deflate, br or zstd body that
 * does not decompress. An oversized body gets 400 too, not 413: the API answers every bad input
 * the same way. Every other error goes to Nest's own handler.
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
    const http = host.switchToHttp();
    const reason = this.reason(error, http.getRequest<Request>());
    this.onInvalidInput([{ field: 'body', reason }]);
    http
      .getResponse<Response>()
      .status(400)
      .json({
        statusCode: 400,
        error: 'Bad Request',
        message: `body: ${reason}`,
        errors: [{ field: 'body', reason }],
      });
  }

  private reason(error: BodyParserError, req: Request): string {
    if (error.type === 'entity.too.large') return `is larger than the ${this.limitKb} KiB limit`;
    if (error.type === 'entity.parse.failed') return `is not valid JSON (${error.message})`;
    if (error.type !== undefined) return `cannot be read (${error.message})`;
    return (
      `cannot be decompressed as Content-Encoding: ${encodingOf(req)} (${error.code ?? 'unknown error'}). ` +
      'Fix: compress the body with that encoding, or send it uncompressed without the header'
    );
  }
}
