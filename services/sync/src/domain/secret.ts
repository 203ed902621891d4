import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * A credential read from the environment. Every way a value ends up in a log or a JSON body
 * (string conversion, JSON.stringify, console.log/util.inspect) shows `[secret]`; only `reveal()`
 * gives the value, at the one place it is sent.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
