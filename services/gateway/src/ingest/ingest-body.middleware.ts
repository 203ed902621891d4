import { DomainError } from '@vigie/health';
import { isUtf8 } from 'node:buffer';
import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { IngestAuth } from './ingest-auth';
import { INGEST_BODY_LIMIT } from './ingest-request';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
}

const NOT_UTF8 = 'encoding.not-utf8';

/** body-parser replaces bad bytes with U+FFFD and parses on: a body that is not UTF-8 must be refused instead. */
function verifyUtf8(_req: unknown, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw Object.assign(new Error('request body is not valid UTF-8'), { status: 400, type: NOT_UTF8 });
}

function toDomainError(err: BodyParserError): unknown {
  if (err.type === NOT_UTF8) return new DomainError('request.invalid-utf8', 'request body is not valid UTF-8', 400);
  if (err.type === 'entity.too.large') {
    return new DomainError('request.too-large', `request body is larger than ${INGEST_BODY_LIMIT}: split it`, 413);
  }
  if (err.type === 'entity.parse.failed') {
    return new DomainError('request.malformed-json', 'request body is not valid JSON', 400);
  }
  if (err.status && err.status >= 400 && err.status < 500) {
    return new DomainError('request.unreadable', err.message ?? 'request body could not be read', err.status);
  }
  return err;
}

/**
 * The ingest route's own JSON parser (batches exceed the app-wide 256 kB limit). It runs before the
 * app-wide parser, which then finds the body already read. The token is checked first, so a client
 * without one never gets a 2 MB body read and parsed.
 */
export function ingestBody(auth: IngestAuth): RequestHandler {
  const parse = json({ limit: INGEST_BODY_LIMIT, verify: verifyUtf8 });
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      auth.verify(req.headers.authorization);
    } catch (e) {
      return next(e);
    }
    parse(req, res, (err?: BodyParserError) => (err ? next(toDomainError(err)) : next()));
  };
}
