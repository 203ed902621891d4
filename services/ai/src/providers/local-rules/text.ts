// Words that only glue a phrase together: dropped on both sides so « machine à laver »,
// « machine pour laver » and « washing machine » each reduce to their meaningful words.
const STOPWORDS = new Set(
  [
    'a au aux avec ce ces cet cette d de des du en et l la le les ma mes mon ou par pour sa sans ses son sur un une',
    'an and for in it its my of on or the this that these those to with',
  ]
    .join(' ')
    .split(' '),
);

/** Lowercase, accents and ligatures folded, split on anything that is not a letter or a digit. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * A light stemmer shared by French and English, applied to descriptions and keywords alike, so only
 * its consistency matters: plurals fold (`jeux` → `jeu`, `ampoules` = `ampoule`, `batteries` =
 * `batterie` = `battery`) and a final mute e goes (`lampe` = `lamp`, `torches` = `torche` = `torch`).
 */
export function stem(word: string): string {
  if (word.length < 3 || /\d/.test(word)) return word;
  let w = word;
  if (/(au|eu|ou)x$/.test(w)) w = w.slice(0, -1);
  else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length >= 4 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length >= 4 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w;
}

/** The comparable form of a text: folded, stop words dropped, stemmed. */
export function terms(text: string): string[] {
  return words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
}
