import { ANALYSERS, checkAnalysers } from './index';
import { recommendationIdFor } from './recommendation';

describe('analysers list', () => {
  it('registers the seven maintenance analysers', () => {
    expect(checkAnalysers(ANALYSERS).map((a) => a.kind)).toEqual([
      'register-variance-trend',
      'sync-degrading',
      'ai-latency-rising',
      'ai-correction-rate-rising',
      'dead-letters-accumulating',
      'service-restarting',
      'stream-near-limits',
    ]);
  });

  it('refuses an empty list, an empty or non-token kind and a duplicate kind', () => {
    expect(() => checkAnalysers([])).toThrow('no analyser registered');
    expect(() => checkAnalysers([{ ...ANALYSERS[0], kind: '' }])).toThrow('empty or not a subject token');
    expect(() => checkAnalysers([{ ...ANALYSERS[0], kind: 'a.b' }])).toThrow('empty or not a subject token');
    expect(() => checkAnalysers([ANALYSERS[1], ANALYSERS[1]])).toThrow('analyser sync-degrading registered twice');
  });

  it('derives a recommendation id from its kind, site and subject only', () => {
    const id = recommendationIdFor({ kind: 'sync-degrading', siteId: 'site-1', subject: 'compta' });
    expect(id).toMatch(/^rec-[0-9a-f]{24}$/);
    expect(recommendationIdFor({ kind: 'sync-degrading', siteId: 'site-1', subject: 'compta' })).toBe(id);
    expect(recommendationIdFor({ kind: 'sync-degrading', siteId: 'site-2', subject: 'compta' })).not.toBe(id);
  });
});
