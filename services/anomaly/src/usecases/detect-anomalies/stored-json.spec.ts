import { asStored, byUtf8Bytes, storedJson } from './stored-json';

describe('asStored / storedJson: a value as a jsonb column gives it back', () => {
  it('orders object keys as jsonb does: shorter first, then by bytes', () => {
    // Postgres 15: select '{"b":1,"aa":2,"a":3,"10":4,"é":5,"z":6,"seq":1,"stream":"x","eventId":"e"}'::jsonb
    //   → {"a": 3, "b": 1, "z": 6, "10": 4, "aa": 2, "é": 5, "seq": 1, "stream": "x", "eventId": "e"}
    const value = { b: 1, aa: 2, a: 3, é: 5, z: 6, seq: 1, stream: 'x', eventId: 'e' };
    expect(storedJson(value)).toBe('{"a":3,"b":1,"z":6,"aa":2,"é":5,"seq":1,"stream":"x","eventId":"e"}');
    // Integer-like keys come first in any JS object, read from Postgres or not.
    expect(Object.keys(asStored({ b: 1, 10: 4, a: 3 }))).toEqual(['10', 'a', 'b']);
  });

  it('drops undefined members, turns dates into strings and non-finite numbers into null, -0 into 0', () => {
    const at = new Date('2026-11-30T09:12:00.000Z');
    expect(storedJson({ x: undefined, at, list: [undefined, NaN, -0, Infinity], n: -0 })).toBe(
      '{"n":0,"at":"2026-11-30T09:12:00.000Z","list":[null,null,0,null]}',
    );
    expect(Object.is(asStored({ n: -0 }).n, 0)).toBe(true);
  });

  it('freezes the result and reuses what is already stored instead of copying it', () => {
    const window = asStored({ samples: [{ ref: { stream: 'AI', seq: 1, eventId: 'e1' }, failed: false }] });
    expect(Object.isFrozen(window) && Object.isFrozen(window.samples[0].ref)).toBe(true);
    expect(asStored(window)).toBe(window);
    const next = asStored({ samples: [...window.samples, { ref: { stream: 'AI', seq: 2, eventId: 'e2' }, failed: true }] });
    expect(next.samples[0]).toBe(window.samples[0]);
    expect(() => {
      (next.samples[1] as { failed: boolean }).failed = false;
    }).toThrow(TypeError);
  });

  it('orders strings as the "C" collation does (UTF-8 bytes)', () => {
    expect(['é', 'z', 'Z', 'a-1', 'a_1', 'a1'].sort(byUtf8Bytes)).toEqual(['Z', 'a-1', 'a1', 'a_1', 'z', 'é']);
  });
});
