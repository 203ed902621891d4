import { DomainError } from '@vigie/health';
import { IngestAuth } from './ingest-auth';

const TOKEN_A = 'a-token-of-32-characters-aaaaaaa';
const TOKEN_B = 'another-token-bbbbbbbbbbbbbbbbbb';

function outcome(auth: IngestAuth, header: string | undefined): string {
  try {
    auth.verify(header);
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return `${e.status} ${e.code}`;
    throw e;
  }
}

describe('IngestAuth', () => {
  const auth = new IngestAuth([TOKEN_A, TOKEN_B]);

  it('accepts any configured token as a bearer token', () => {
    expect(outcome(auth, `Bearer ${TOKEN_A}`)).toBe('ok');
    expect(outcome(auth, `bearer  ${TOKEN_B} `)).toBe('ok');
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a wrong token', 'Bearer not-a-configured-token-xxxxx'],
    ['a prefix of a token', `Bearer ${TOKEN_A.slice(0, -1)}`],
    ['a token with a suffix', `Bearer ${TOKEN_A}x`],
    ['another scheme', `Basic ${TOKEN_A}`],
    ['the bare token', TOKEN_A],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 auth.unauthorized', (_what, header) => {
    expect(outcome(auth, header)).toBe('401 auth.unauthorized');
  });

  it('without tokens, ingest is disabled: 503 ingest.disabled whatever is presented', () => {
    const disabled = new IngestAuth([]);
    expect(disabled.enabled).toBe(false);
    expect(outcome(disabled, `Bearer ${TOKEN_A}`)).toBe('503 ingest.disabled');
    expect(outcome(disabled, undefined)).toBe('503 ingest.disabled');
  });

  it('keeps no token in clear', () => {
    expect(JSON.stringify(auth)).not.toContain(TOKEN_A);
    expect(Object.values(auth).flat().some((v) => String(v).includes(TOKEN_A))).toBe(false);
  });
});
