import { hashPassword, SCRYPT_PARAMS, verifyPassword } from './password-hasher';

describe('password hashing (scrypt)', () => {
  it('verifies the password it hashed, and only that one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts each hash and records its parameters, never the password', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$8\\$3\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}=$`));
    expect(a).not.toContain('same password');
  });

  it('treats composed and decomposed Unicode alike', async () => {
    const hash = await hashPassword('mot de passe café');
    expect(await verifyPassword('mot de passe cafe\u0301', hash)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', '$2b$10$abcdefghijklmnopqrstuv'],
    ['a truncated key', 'scrypt$32768$8$3$c2FsdHNhbHRzYWx0c2FsdA==$c2hvcnQ='],
    ['absurd parameters', 'scrypt$3$8$3$c2FsdHNhbHRzYWx0c2FsdA==$' + Buffer.alloc(32).toString('base64')],
  ])('a malformed hash (%s) never verifies', async (_what, encoded) => {
    expect(await verifyPassword('anything at all', encoded)).toBe(false);
  });
});
