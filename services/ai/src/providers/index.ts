import { ConfigError } from '@vigie/config';
import { SERVICE, type AiConfig } from '../config';
import { httpProvider } from './http.provider';
import { localRulesProvider } from './local-rules/local-rules.provider';
import type { ClassificationProvider, ProviderDefinition } from './provider';

/** Every provider kind, one line each. Checked at boot: no empty list, no duplicate id. */
export const PROVIDERS: readonly ProviderDefinition[] = [localRulesProvider, httpProvider];

export function checkProviders(providers: readonly ProviderDefinition[]): readonly ProviderDefinition[] {
  if (providers.length === 0) throw new Error('no classification provider registered');
  const seen = new Set<string>();
  for (const p of providers) {
    if (seen.has(p.id)) throw new Error(`classification provider ${p.id} registered twice`);
    seen.add(p.id);
  }
  return providers;
}

/** The provider `AI_PROVIDER` names, created from the config; a ConfigError when unknown or misconfigured. */
export function selectProvider(providers: readonly ProviderDefinition[], config: AiConfig): ClassificationProvider {
  const found = checkProviders(providers).find((p) => p.id === config.AI_PROVIDER);
  if (!found) {
    const known = providers.map((p) => p.id).join(', ');
    throw new ConfigError(SERVICE, [{ key: 'AI_PROVIDER', message: `unknown provider "${config.AI_PROVIDER}" (known: ${known})` }]);
  }
  return found.create(config);
}
