import { checkProjections, KPI_PROJECTIONS } from './index';

describe('KPI projections list', () => {
  it('has one projection per input stream of the anomaly service', () => {
    expect(checkProjections(KPI_PROJECTIONS).map((p) => p.stream)).toEqual(['CASH', 'SYNC', 'AI', 'AUTH', 'OPS', 'DEADLETTER']);
  });

  it('refuses an empty list, a stream read twice and a kind written twice', () => {
    expect(() => checkProjections([])).toThrow('no KPI projection registered');
    expect(() => checkProjections([KPI_PROJECTIONS[0], KPI_PROJECTIONS[0]])).toThrow('two KPI projections read CASH');
    expect(() => checkProjections([KPI_PROJECTIONS[0], { ...KPI_PROJECTIONS[1], kind: 'cash' }])).toThrow(
      'two KPI projections write kind cash',
    );
  });
});
