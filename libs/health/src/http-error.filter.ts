import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { DomainError } from './domain-error';
import { zodIssues } from './zod-body';

export interface ErrorBody {
  error: { code: string; message: string };
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'request.too-large',
  415: 'request.unsupported-media-type',
  429: 'too-many-requests',
  503: 'unavailable',
};

export function toErrorResponse(exception: unknown): { status: number; body: ErrorBody } | undefined {
  const reply = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });
  if (exception instanceof DomainError) return reply(exception.status, exception.code, exception.message);
  if (exception instanceof ZodError) {
    const issues = zodIssues(exception, '');
    return reply(400, 'validation.failed', `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return reply(status, CODE_BY_STATUS[status] ?? `http.${status}`, exception.message);
  }
  return undefined;
}

/** Every HTTP error leaves as `{ error: { code, message } }`; unknown errors become a bare 500. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    let mapped = toErrorResponse(exception);
    if (!mapped) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      mapped = { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
    } else if (mapped.status >= 500) {
      this.logger.error(`${mapped.body.error.code}: ${mapped.body.error.message}`);
    }
    if (res.headersSent) return;
    res.status(mapped.status).json(mapped.body);
  }
}
