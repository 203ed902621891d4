import { ConsoleLogger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import { DomainError } from './domain-error';
import { HttpErrorFilter } from './http-error.filter';

/** A started service: its Nest app, the base URL it answers on, and how to stop it. */
export interface RunningService {
  app: INestApplication;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Service name, the prefix of every log line. */
  name: string;
  /** 0 = any free port (tests read `url`). */
  port: number;
  host?: string;
  logLevel?: LogLevel;
  /** Express middleware run before any other (body parsing and the modules' own included), e.g. headers. */
  middleware?: RequestHandler[];
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function logLevelsFrom(level: LogLevel = 'log'): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}

export type RootModule = Parameters<typeof NestFactory.create>[0];

/** Creates the Nest (express) app of a service, installs the shared error filter and listens. */
export async function startNestService(rootModule: RootModule, options: StartOptions): Promise<RunningService> {
  const logger = new ConsoleLogger({ prefix: options.name, logLevels: logLevelsFrom(options.logLevel) });
  const app = await NestFactory.create<NestExpressApplication>(rootModule, { logger, abortOnError: false, bodyParser: false });
  try {
    app.disable('x-powered-by');
    for (const m of options.middleware ?? []) app.use(m);
    app.use(jsonBody());
    app.enableShutdownHooks();
    app.useGlobalFilters(new HttpErrorFilter());
    await app.listen(options.port, options.host ?? '127.0.0.1');
  } catch (e) {
    await app.close().catch(() => undefined);
    throw e;
  }
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  const host = ['0.0.0.0', '::', ''].includes(address) ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
  let stopping: Promise<void> | undefined;
  return {
    app,
    url: `http://${host}:${port}`,
    stop: () => (stopping ??= app.close()),
  };
}

/**
 * Nest turns body-parser's errors into a bare 400 with the parser's message, indistinguishable from a
 * bad URL encoding; ours name the problem with a stable code.
 */
function jsonBody() {
  const parse = json({ limit: '256kb' });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (err?: { type?: string }) => {
      if (!err) return next();
      if (err.type === 'entity.too.large') return next(new DomainError('request.too-large', 'request body is too large', 413));
      if (err.type === 'entity.parse.failed') {
        return next(new DomainError('request.malformed-json', 'request body is not valid JSON', 400));
      }
      return next(err);
    });
}
