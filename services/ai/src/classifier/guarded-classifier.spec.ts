import { MetricsService } from '@vigie/health';
import { Clock } from '../clock';
import { LocalRulesProvider } from '../providers/local-rules/local-rules.provider';
import { ProviderError, type ClassificationProvider, type ClassifyInput, type ProviderAnswer } from '../providers/provider';
import { GuardedClassifier, type BreakerOptions } from './guarded-classifier';

/** A stand-in for a remote model: answers, fails or hangs as a test says, and counts its calls. */
class ScriptedProvider implements ClassificationProvider {
  readonly model = 'remote-1';
  calls = 0;
  lastSignal?: AbortSignal;
  behaviour: (input: ClassifyInput, signal?: AbortSignal) => Promise<ProviderAnswer> = async () => ({
    category: 'tools',
    confidence: 0.9,
    alternatives: [],
    model: this.model,
  });

  classify(input: ClassifyInput, signal?: AbortSignal): Promise<ProviderAnswer> {
    this.calls += 1;
    this.lastSignal = signal;
    return this.behaviour(input, signal);
  }
}

const hang = (_input: ClassifyInput, signal?: AbortSignal) =>
  new Promise<ProviderAnswer>((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));

describe('GuardedClassifier', () => {
  let remote: ScriptedProvider;
  let metrics: MetricsService;
  const running: GuardedClassifier[] = [];
  const guarded = (options: Partial<BreakerOptions> = {}) => {
    const classifier = new GuardedClassifier(
      remote,
      new LocalRulesProvider(),
      { timeoutMs: 100, errorThresholdPercentage: 50, volumeThreshold: 3, windowMs: 10_000, resetMs: 60_000, ...options },
      metrics,
      new Clock(),
    );
    running.push(classifier);
    return classifier;
  };

  beforeEach(() => {
    remote = new ScriptedProvider();
    metrics = new MetricsService('ai-test');
  });

  afterEach(() => {
    for (const c of running.splice(0)) c.onApplicationShutdown();
  });

  it("returns the provider's answer when it answers in time", async () => {
    const result = await guarded().classify({ description: 'perceuse' });
    expect(result).toMatchObject({ answer: { category: 'tools', model: 'remote-1' }, fallback: false });
    expect(result.failure).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('falls back to the local rules on a provider error and reports it for the failed model', async () => {
    remote.behaviour = async () => {
      throw new ProviderError('provider answered HTTP 503');
    };
    const result = await guarded().classify({ description: 'lave-linge' });
    expect(result).toMatchObject({
      answer: { category: 'large_appliance', model: 'local-rules-v1' },
      fallback: true,
      failure: { model: 'remote-1', code: 'ai.provider-error', message: 'provider answered HTTP 503' },
    });
    expect(result.failure!.at).toBeInstanceOf(Date);
  });

  it('times out a slow provider, aborts its call and reports ai.timeout with the time waited', async () => {
    remote.behaviour = hang;
    const result = await guarded({ timeoutMs: 80 }).classify({ description: 'lampe' });
    expect(result.failure).toMatchObject({ code: 'ai.timeout', message: 'no answer within 80 ms' });
    expect(result.failure!.latencyMs).toBeGreaterThanOrEqual(75);
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.failure!.latencyMs);
    expect(remote.lastSignal?.aborted).toBe(true);
    expect(result.answer.model).toBe('local-rules-v1');
  });

  it('keeps the message of an unexpected error out of the report (it may quote the description)', async () => {
    remote.behaviour = async (input) => {
      throw new TypeError(`cannot read "${input.description}"`);
    };
    const result = await guarded().classify({ description: 'Mme Dupont' });
    expect(result.failure).toMatchObject({ code: 'ai.provider-error', message: 'provider failed (TypeError)' });
  });

  it('opens after enough failures, then answers from the rules without calling the provider (ai.circuit-open)', async () => {
    remote.behaviour = async () => {
      throw new ProviderError('provider answered HTTP 500');
    };
    const classifier = guarded({ volumeThreshold: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await classifier.classify({ description: 'frigo' })).failure?.code).toBe('ai.provider-error');
    }
    expect(classifier.state).toBe('open');
    const result = await classifier.classify({ description: 'frigo' });
    expect(result.failure).toMatchObject({ code: 'ai.circuit-open', model: 'remote-1' });
    expect(result.failure!.latencyMs).toBeLessThan(50);
    expect(remote.calls).toBe(3);
    expect(await metrics.text()).toMatch(/vigie_ai_breaker_state\{model="remote-1",state="open",service="ai-test"\} 1/);
  });

  it('lets one trial call through after the reset time and closes again when it succeeds', async () => {
    remote.behaviour = async () => {
      throw new ProviderError('provider answered HTTP 500');
    };
    const classifier = guarded({ volumeThreshold: 1, resetMs: 100 });
    await classifier.classify({ description: 'frigo' });
    expect(classifier.state).toBe('open');
    await new Promise((r) => setTimeout(r, 150));
    expect(classifier.state).toBe('half-open');
    remote.behaviour = new ScriptedProvider().behaviour;
    const result = await classifier.classify({ description: 'frigo' });
    expect(result).toMatchObject({ fallback: false, answer: { model: 'remote-1' } });
    expect(classifier.state).toBe('closed');
  });

  it('counts answers and failures in /metrics', async () => {
    const classifier = guarded();
    await classifier.classify({ description: 'frigo' });
    remote.behaviour = async () => {
      throw new ProviderError('provider answer is not valid JSON');
    };
    await classifier.classify({ description: 'frigo' });
    const text = await metrics.text();
    expect(text).toMatch(/vigie_ai_provider_failures_total\{model="remote-1",code="ai.provider-error",service="ai-test"\} 1/);
    expect(text).toMatch(/vigie_ai_classifications_total\{model="remote-1",fallback="false",service="ai-test"\} 1/);
    expect(text).toMatch(/vigie_ai_classifications_total\{model="local-rules-v1",fallback="true",service="ai-test"\} 1/);
    expect(text).toMatch(/vigie_ai_breaker_state\{model="remote-1",state="closed",service="ai-test"\} 1/);
  });
});
