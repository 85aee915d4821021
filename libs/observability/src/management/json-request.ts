import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_MESSAGES } from '../messages/http.messages';

/** Largest body the management port reads. */
const MAX_BODY_BYTES = 4096;

/** One reason a request was refused: which field, and why. @internal */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/**
 * The JSON object `req` carries, or a 400 already answered (naming `body` and the reason) when it
 * is too large, not JSON, or not an object.
 *
 * @internal
 */
export async function readJsonObject(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      sendProblems(res, [{ field: 'body', reason: HTTP_MESSAGES.bodyTooLarge(MAX_BODY_BYTES) }]);
      return undefined;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    sendProblems(res, [
      { field: 'body', reason: HTTP_MESSAGES.bodyNotJson((error as Error).message) },
    ]);
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    sendProblems(res, [{ field: 'body', reason: HTTP_MESSAGES.bodyNotObject() }]);
    return undefined;
  }
  return body as Record<string, unknown>;
}

/** Answers `status` with `body` as JSON, never cached. @internal */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache, no-store, must-revalidate',
    })
    .end(JSON.stringify(body));
}

/** Answers 400 naming every bad field and the reason. @internal */
export function sendProblems(res: ServerResponse, problems: readonly FieldProblem[]): void {
  sendJson(res, 400, {
    statusCode: 400,
    error: 'Bad Request',
    message: HTTP_MESSAGES.problems(problems),
    errors: problems,
  });
}
