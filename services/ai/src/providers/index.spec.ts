import { ConfigError, parseEnv } from '@vigie/config';
import { AiEnv } from '../config';
import { HttpProvider } from './http.provider';
import { checkProviders, PROVIDERS, selectProvider } from './index';
import { LocalRulesProvider } from './local-rules/local-rules.provider';
import type { ProviderDefinition } from './provider';

const config = (env: Record<string, string> = {}) => parseEnv('ai', AiEnv, env);

describe('provider registry', () => {
  it('registers local and http, once each', () => {
    expect(checkProviders(PROVIDERS).map((p) => p.id)).toEqual(['local', 'http']);
  });

  it('refuses an empty list and a duplicate id', () => {
    expect(() => checkProviders([])).toThrow('no classification provider registered');
    const twice: ProviderDefinition[] = [PROVIDERS[0], { ...PROVIDERS[1], id: 'local' }];
    expect(() => checkProviders(twice)).toThrow('classification provider local registered twice');
  });

  it('selects the local rules by default', () => {
    expect(selectProvider(PROVIDERS, config())).toBeInstanceOf(LocalRulesProvider);
  });

  it('selects the http provider with its model', () => {
    const provider = selectProvider(
      PROVIDERS,
      config({ AI_PROVIDER: 'http', AI_PROVIDER_URL: 'https://ai.example.org/classify', AI_PROVIDER_MODEL: 'vision-2' }),
    );
    expect(provider).toBeInstanceOf(HttpProvider);
    expect(provider.model).toBe('vision-2');
  });

  it('names the unknown provider and the known ones', () => {
    expect(() => selectProvider(PROVIDERS, config({ AI_PROVIDER: 'magic' }))).toThrow(
      'AI_PROVIDER: unknown provider "magic" (known: local, http)',
    );
  });

  it('lists every missing http setting in one ConfigError', () => {
    let error: unknown;
    try {
      selectProvider(PROVIDERS, config({ AI_PROVIDER: 'http' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.key)).toEqual(['AI_PROVIDER_URL', 'AI_PROVIDER_MODEL']);
  });

  it("refuses an http model named like the fallback's, whose failures would blur with its answers", () => {
    expect(() =>
      selectProvider(
        PROVIDERS,
        config({ AI_PROVIDER: 'http', AI_PROVIDER_URL: 'http://127.0.0.1:1/x', AI_PROVIDER_MODEL: 'local-rules-v1' }),
      ),
    ).toThrow("AI_PROVIDER_MODEL: must differ from the fallback's model local-rules-v1");
  });

  it('refuses a model that cannot be a subject token and a non-http URL at parse time', () => {
    expect(() => config({ AI_PROVIDER_MODEL: 'gpt 4.1', AI_PROVIDER_URL: 'ftp://x' })).toThrow(ConfigError);
  });
});
