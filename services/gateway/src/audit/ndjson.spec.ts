import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { writeLine } from './ndjson';

/** A response whose socket buffer is full until told otherwise. */
class SlowResponse extends EventEmitter {
  written: string[] = [];
  full = false;
  destroyed = false;
  writableEnded = false;
  write(chunk: string | Uint8Array): boolean {
    this.written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return !this.full;
  }
}

describe('writeLine', () => {
  it('writes one JSON line and goes on at once while the buffer has room', async () => {
    const res = new SlowResponse();
    expect(await writeLine(res as unknown as Response, { a: 1 })).toBe(true);
    expect(res.written).toEqual(['{"a":1}\n']);
  });

  it('waits for drain when the buffer is full: the next line is not produced before', async () => {
    const res = new SlowResponse();
    res.full = true;
    let settled = false;
    const pending = writeLine(res as unknown as Response, { a: 1 }).then((ok) => ((settled = true), ok));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    res.emit('drain');
    expect(await pending).toBe(true);
    expect(res.listenerCount('drain') + res.listenerCount('close')).toBe(0);
  });

  it('answers false when the client goes away while waiting, and for a closed response', async () => {
    const res = new SlowResponse();
    res.full = true;
    const pending = writeLine(res as unknown as Response, new Uint8Array([0x7b, 0x7d]));
    res.emit('close');
    expect(await pending).toBe(false);
    res.destroyed = true;
    expect(await writeLine(res as unknown as Response, { b: 2 })).toBe(false);
    expect(res.written).toEqual(['{}']);
  });
});
