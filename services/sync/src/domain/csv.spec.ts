import { columnsOf, toCsv } from './csv';

describe('CSV export', () => {
  it('writes a header then one CRLF-terminated line per row', () => {
    expect(toCsv(['site', 'ventes', 'montant'], [{ site: 'site-1', ventes: 12, montant: 154.5 }, { site: 'site-2', ventes: 0, montant: 0 }])).toBe(
      'site,ventes,montant\r\nsite-1,12,154.5\r\nsite-2,0,0\r\n',
    );
  });

  it('quotes commas, quotes and line breaks, and leaves other text alone', () => {
    const csv = toCsv(['a', 'b', 'c', 'd'], [{ a: 'Lave-linge, 7 kg', b: 'dit "neuf"', c: 'ligne 1\nligne 2', d: 'Éclairage' }]);
    expect(csv).toBe('a,b,c,d\r\n"Lave-linge, 7 kg","dit ""neuf""","ligne 1\nligne 2",Éclairage\r\n');
  });

  it('writes empty cells for null and missing keys, and booleans as words', () => {
    expect(toCsv(['a', 'b', 'c'], [{ a: null, c: true }])).toBe('a,b,c\r\n,,true\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not numbers written as text', () => {
    const csv = toCsv(['x'], [{ x: '=HYPERLINK("http://evil")' }, { x: '@SUM(A1)' }, { x: '+33 6' }, { x: '-14,90' }, { x: '-5' }, { x: -5 }]);
    expect(csv.split('\r\n').slice(1, -1)).toEqual(['"\'=HYPERLINK(""http://evil"")"', "'@SUM(A1)", "'+33 6", '"-14,90"', '-5', '-5']);
  });

  it('takes every key of every row as a column, in order of first appearance', () => {
    expect(columnsOf([{ b: 1, a: 2 }, { c: 3, a: 4 }])).toEqual(['b', 'a', 'c']);
    expect(columnsOf([])).toEqual([]);
  });
});
