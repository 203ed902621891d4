import { checkTargetKinds, TARGET_KINDS } from './index';

describe('TARGET_KINDS', () => {
  it('registers the HTTP PUT and local directory kinds once each', () => {
    expect(checkTargetKinds(TARGET_KINDS).map((k) => k.kind)).toEqual(['http-put', 'directory']);
  });

  it('refuses an empty list and a kind registered twice', () => {
    expect(() => checkTargetKinds([])).toThrow('no sync target kind registered');
    expect(() => checkTargetKinds([TARGET_KINDS[1], TARGET_KINDS[0], TARGET_KINDS[1]])).toThrow('directory registered twice');
  });
});
