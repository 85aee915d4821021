import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_MESSAGES } from '../messages/http.messages';
import type { EndpointAuth } from '../options/observability-options.interface';

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether `req` carries the credentials `auth` asks for (`Authorization: Bearer <token>` or
 * `Basic <user:password>`), compared in constant time. Without `auth`, every request is.
 *
 * @internal
 */
export function authorized(req: IncomingMessage, auth: EndpointAuth | undefined): boolean {
  if (auth === undefined) return true;
  const header = req.headers.authorization ?? '';
  if ('bearerToken' in auth) {
    return header.startsWith('Bearer ') && same(header.slice(7).trim(), auth.bearerToken);
  }
  if (!header.startsWith('Basic ')) return false;
  const expected = `${auth.username}:${auth.password}`;
  return same(Buffer.from(header.slice(6).trim(), 'base64').toString('utf8'), expected);
}

/** Answers 401 with the challenge of the scheme `auth` uses. @internal */
export function challenge(res: ServerResponse, auth: EndpointAuth | undefined): void {
  const scheme = auth !== undefined && 'bearerToken' in auth ? 'Bearer' : 'Basic';
  res
    .writeHead(401, {
      'content-type': 'text/plain; charset=utf-8',
      'www-authenticate': `${scheme} realm="nestjs-observability"`,
    })
    .end(HTTP_MESSAGES.unauthorized());
}
