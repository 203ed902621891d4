import { generateLinkCode, hashLinkCode, normalizeLinkCode } from './link-code';
import { chatPrincipal, principalKey } from './principal';

describe('link codes', () => {
  it('are 8 unambiguous characters, random', () => {
    const codes = new Set(Array.from({ length: 200 }, generateLinkCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
  });

  it('are read forgivingly and stored hashed', () => {
    expect(normalizeLinkCode(' abcd-2345 ')).toBe('ABCD2345');
    expect(normalizeLinkCode('ABCD234')).toBeUndefined();
    expect(normalizeLinkCode('ABCD2340')).toBeUndefined();
    expect(hashLinkCode('ABCD2345')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkCode('ABCD2345')).not.toContain('ABCD2345');
  });
});

describe('chat principals', () => {
  it('are opaque, stable per key, different across keys, never the chat id', () => {
    const key = principalKey({ principalSecret: 'a-long-enough-secret' });
    const p = chatPrincipal(key, '100200300');
    expect(p).toMatch(/^tg-[0-9a-f]{32}$/);
    expect(p).not.toContain('100200300');
    expect(chatPrincipal(key, '100200300')).toBe(p);
    expect(chatPrincipal(principalKey({ authSecret: 'another-long-secret' }), '100200300')).not.toBe(p);
  });

  it('use NOTIFY_PRINCIPAL_SECRET, else AUTH_SECRET, else a key derived from the bot token', () => {
    expect(principalKey({ principalSecret: 'p'.repeat(16), authSecret: 'a'.repeat(16) })).toBe('p'.repeat(16));
    expect(principalKey({ authSecret: 'a'.repeat(16), botToken: '1:x' })).toBe('a'.repeat(16));
    const derived = principalKey({ botToken: '123:secret' });
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    expect(derived).not.toContain('secret');
    expect(principalKey({ botToken: '123:other' })).not.toBe(derived);
  });
});
