import { stem, terms, words } from './text';

describe('words', () => {
  it('folds case, accents and ligatures and splits on hyphens, apostrophes and punctuation', () => {
    expect(words("Réfrigérateur, SÈCHE-LINGE & l'œuf (congélateur!)")).toEqual([
      'refrigerateur',
      'seche',
      'linge',
      'l',
      'oeuf',
      'congelateur',
    ]);
    expect(words('Lave‑linge’s   7kg')).toEqual(['lave', 'linge', 's', '7kg']);
    expect(words('')).toEqual([]);
  });
});

describe('stem', () => {
  it.each([
    ['ampoules', 'ampoule'],
    ['jeux', 'jeu'],
    ['bijoux', 'bijou'],
    ['réfrigérateurs', 'réfrigérateur'],
    ['lampes', 'lamp'],
    ['torches', 'torch'],
    ['batteries', 'battery'],
    ['batterie', 'battery'],
    ['laptops', 'laptop'],
    ['toys', 'toy'],
    ['fridges', 'fridge'],
    ['boxes', 'box'],
    ['tvs', 'tv'],
  ])('%s and %s reduce to one form', (a, b) => {
    expect(stem(words(a)[0])).toBe(stem(words(b)[0]));
  });

  it('leaves short words, words with digits and double s alone', () => {
    expect(stem('pc')).toBe('pc');
    expect(stem('ps4')).toBe('ps4');
    expect(stem('7kg')).toBe('7kg');
    expect(stem('glass')).toBe('glass');
  });
});

describe('terms', () => {
  it('drops French and English glue words so phrasings meet', () => {
    expect(terms('machine à laver')).toEqual(terms('Machine pour laver'));
    expect(terms("lampe de poche")).toEqual(terms('lampes de poche'));
    expect(terms('the washing machine')).toEqual(terms('washing machines'));
    expect(terms('un fer à repasser')).toEqual(['fer', 'repasser']);
  });

  it('makes accents, case and plurals irrelevant', () => {
    expect(terms('Réfrigérateurs')).toEqual(terms('refrigerateur'));
    expect(terms('Micro-Ondes')).toEqual(terms('micro ondes'));
    expect(terms('TÉLÉPHONES PORTABLES')).toEqual(terms('téléphone portable'));
  });
});
