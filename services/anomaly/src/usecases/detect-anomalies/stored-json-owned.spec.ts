import { asStored, asStoredOwned, storedJson } from './stored-json';

describe('asStoredOwned: asStored for a value no one else holds', () => {
  it('gives what asStored gives, member order, -0, non-finite numbers and __proto__ members included', () => {
    const texts = [
      '{"a":3,"b":1,"aa":2,"seq":1,"stream":"x","eventId":"e"}',
      '{"stream":"x","seq":1,"eventId":"e","list":[1,-0,{"b":2,"a":1}]}',
      '{"n":-0,"big":1e400,"nested":{"z":[{"y":{"x":null}}]}}',
      '{"__proto__":{"a":1},"b":2}',
      '[[],{},"s",true,null,0]',
      '{"samples":[{"ref":{"seq":1,"stream":"AI","eventId":"e1"},"latencyMs":12}],"open":false}',
      '"text"',
      '-0',
    ];
    for (const text of texts) {
      const expected = asStored(JSON.parse(text));
      const got = asStoredOwned(JSON.parse(text));
      expect(storedJson(got)).toBe(storedJson(expected));
      expect(got).toStrictEqual(expected);
      expect(Object.is(got, -0)).toBe(false);
    }
  });

  it('freezes a value already in stored form in place, and asStored then reuses it', () => {
    const parsed = JSON.parse('{"open":false,"samples":[{"ref":{"seq":1,"stream":"AI","eventId":"e1"},"latencyMs":12}]}');
    const samples = parsed.samples;
    const kept = asStoredOwned(parsed);
    expect(kept).toBe(parsed);
    expect(kept.samples).toBe(samples);
    expect(Object.isFrozen(kept.samples[0].ref)).toBe(true);
    expect(asStored(kept)).toBe(kept);
    expect(asStored({ samples: [...kept.samples], open: true }).samples[0]).toBe(samples[0]);
  });

  it('copies an object whose members are out of jsonb order, reusing its parts already in stored form', () => {
    const parsed = JSON.parse('{"samples":[{"latencyMs":1,"ref":{"seq":1}}],"open":true}');
    const kept = asStoredOwned(parsed);
    expect(kept).not.toBe(parsed);
    expect(Object.keys(kept)).toEqual(['open', 'samples']);
    expect(Object.keys(kept.samples[0])).toEqual(['ref', 'latencyMs']);
  });
});
