import { Logger } from '@nestjs/common';

/** The subset of Nest's LoggerService the messaging layer writes to. */
export interface MessagingLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function defaultLogger(context: string): MessagingLogger {
  return new Logger(context);
}
