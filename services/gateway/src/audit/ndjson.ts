import type { Response } from 'express';

/**
 * Writes one NDJSON line (an object) or a raw chunk, waiting for the socket to drain when its buffer
 * is full, so a long stream never piles up in memory. False once the client has gone.
 */
export async function writeLine(res: Response, value: Uint8Array | object): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  const chunk = value instanceof Uint8Array ? value : `${JSON.stringify(value)}\n`;
  if (res.write(chunk)) return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}
