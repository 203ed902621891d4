import { weeksToGenerate } from './catch-up';

describe('weeksToGenerate', () => {
  it('generates only the due week on a first run (no back-fill of history)', () => {
    expect(weeksToGenerate(null, '2026-W13', 8)).toEqual({ generate: ['2026-W13'], skipped: [] });
  });

  it('does nothing when the due week is done (second instance, restart, retry)', () => {
    expect(weeksToGenerate('2026-W13', '2026-W13', 8)).toEqual({ generate: [], skipped: [] });
  });

  it('catches up every missed week, in order, across a year boundary', () => {
    expect(weeksToGenerate('2026-W52', '2027-W02', 8)).toEqual({ generate: ['2026-W53', '2027-W01', '2027-W02'], skipped: [] });
  });

  it('keeps the latest weeks within the bound and says which it skipped', () => {
    expect(weeksToGenerate('2026-W01', '2026-W06', 3)).toEqual({
      generate: ['2026-W04', '2026-W05', '2026-W06'],
      skipped: ['2026-W02', '2026-W03'],
    });
  });
});
