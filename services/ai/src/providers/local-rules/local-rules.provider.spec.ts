import { DepositCategory } from '@vigie/contracts';
import { buildIndex } from './keyword-index';
import {
  classifyByRules,
  CONFIDENT,
  LOCAL_RULES_MODEL,
  LocalRulesProvider,
  MAX_CONFIDENCE,
  NOTHING_MATCHED_CONFIDENCE,
} from './local-rules.provider';

type Row = [description: string, category: DepositCategory, confident: boolean];

// Descriptions as volunteers type or dictate them; `confident` = at least 0.70, no alternatives needed.
const DESCRIPTIONS: Row[] = [
  ['Lave-linge Bosch 7 kg, fonctionne', 'large_appliance', true],
  ['vieux frigo top', 'large_appliance', true],
  ['Réfrigérateurs x2 (cuisine)', 'large_appliance', true],
  ['machine a laver le linge, hublot cassé', 'large_appliance', true],
  ['congélateur coffre 200L', 'large_appliance', true],
  ['lave vaisselle encastrable', 'large_appliance', true],
  ['Washing machine, spins but leaks', 'large_appliance', true],
  ['tumble dryer (Hotpoint)', 'large_appliance', true],
  ['chest freezer', 'large_appliance', true],
  ['four micro-ondes Samsung', 'small_appliance', true],
  ['Aspirateur sans sac Rowenta', 'small_appliance', true],
  ['sèche-cheveux + lisseur', 'small_appliance', true],
  ['bouilloire électrique inox', 'small_appliance', true],
  ['Robot pâtissier KitchenAid rouge', 'small_appliance', true],
  ['cafetière Senseo', 'small_appliance', true],
  ['Kettle and toaster, matching set', 'small_appliance', true],
  ['hair dryer', 'small_appliance', true],
  ['old microwave oven', 'small_appliance', true],
  ['ordinateur portable HP écran fissuré', 'it_equipment', true],
  ['Laptop Dell, no charger', 'it_equipment', true],
  ['smartphone Samsung écran cassé', 'it_equipment', true],
  ['imprimante jet d’encre Epson', 'it_equipment', true],
  ['clavier et souris sans fil', 'it_equipment', true],
  ['unité centrale + écran', 'it_equipment', true],
  ['old printer and scanner', 'it_equipment', true],
  ["lot d'ampoules LED", 'lighting', true],
  ['lampe de chevet', 'lighting', true],
  ['guirlande lumineuse de Noël', 'lighting', true],
  ['lampe torche', 'lighting', true],
  ['Desk lamp with bulb', 'lighting', true],
  ['perceuse sans fil Makita + 2 batteries', 'tools', true],
  ['Tondeuse à gazon électrique', 'tools', true],
  ['machine à coudre Singer', 'tools', true],
  ['scie sauteuse Bosch', 'tools', true],
  ['Cordless drill with case', 'tools', true],
  ['jouet électrique pour enfant', 'toys', true],
  ['console de jeux PlayStation 4 avec manettes', 'toys', true],
  ['voiture télécommandée', 'toys', true],
  ['Nintendo Switch + 2 manettes', 'toys', true],
  ['Tapis de course électrique', 'toys', true],
  ['Remote control car', 'toys', true],
  ['tensiomètre de poignet', 'medical_devices', true],
  ['glucomètre avec bandelettes', 'medical_devices', true],
  ['blood pressure monitor', 'medical_devices', true],
  ['Hearing aid', 'medical_devices', true],
  ["thermostat d'ambiance programmable", 'monitoring_control', true],
  ['détecteur de fumée', 'monitoring_control', true],
  ['station météo sans fil', 'monitoring_control', true],
  ['smoke alarm', 'monitoring_control', true],
  ['baby monitor', 'monitoring_control', true],
  ['distributeur de boissons', 'automatic_dispensers', true],
  ['fontaine à eau de bureau', 'automatic_dispensers', true],
  ['Vending machine (snacks)', 'automatic_dispensers', true],
  ['téléviseur 32 pouces', 'other', true],
  ['chaîne hifi avec enceintes', 'other', true],
  // ambiguous or unknown: the rules say so with a low confidence
  ['robot', 'small_appliance', false],
  ['thermomètre', 'medical_devices', false],
  ['Écran', 'it_equipment', false],
  ['lampe et perceuse', 'lighting', false],
  ['un carton de vaisselle', 'other', false],
  ['chaise en bois', 'other', false],
  ['a box of books', 'other', false],
];

describe('local rules: a table of real-looking descriptions', () => {
  it('has at least 40 rows, French and English', () => {
    expect(DESCRIPTIONS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(DESCRIPTIONS)('%s → %s (confident: %s)', (description, category, confident) => {
    const answer = classifyByRules(description);
    expect(answer.category).toBe(category);
    if (confident) expect(answer.confidence).toBeGreaterThanOrEqual(CONFIDENT);
    else expect(answer.confidence).toBeLessThan(CONFIDENT);
  });
});

describe('local rules: confidence and alternatives', () => {
  const all = DESCRIPTIONS.map(([d]) => [d, classifyByRules(d)] as const);

  it('keeps every confidence within 0..1 and below the rules ceiling, with 2 decimals', () => {
    for (const [, a] of all) {
      for (const c of [a.confidence, ...a.alternatives.map((x) => x.confidence)]) {
        expect(c).toBeGreaterThan(0);
        expect(c).toBeLessThanOrEqual(MAX_CONFIDENCE);
        expect(Math.round(c * 100) / 100).toBe(c);
      }
    }
  });

  it('offers no alternative at or above 0.70 and 2 to 3 below it, distinct, never the answer, most likely first', () => {
    for (const [description, a] of all) {
      const categories = a.alternatives.map((x) => x.category);
      if (a.confidence >= CONFIDENT) {
        expect({ description, alternatives: a.alternatives }).toEqual({ description, alternatives: [] });
        continue;
      }
      expect(a.alternatives.length).toBeGreaterThanOrEqual(2);
      expect(a.alternatives.length).toBeLessThanOrEqual(3);
      expect(new Set(categories).size).toBe(categories.length);
      expect(categories).not.toContain(a.category);
      const confidences = a.alternatives.map((x) => x.confidence);
      expect(confidences).toEqual([...confidences].sort((x, y) => y - x));
    }
  });

  it('answers `other` with a low confidence and common categories to pick from when nothing matches', () => {
    expect(classifyByRules('chaise en bois')).toEqual({
      category: 'other',
      confidence: NOTHING_MATCHED_CONFIDENCE,
      alternatives: [
        { category: 'small_appliance', confidence: 0.05 },
        { category: 'it_equipment', confidence: 0.05 },
        { category: 'toys', confidence: 0.05 },
      ],
    });
    expect(classifyByRules('   ')).toEqual(classifyByRules('chaise en bois'));
  });

  it('grows with the strength and number of keywords and shrinks with competing categories', () => {
    const strong = classifyByRules('frigo').confidence;
    const twoStrong = classifyByRules('frigo congélateur').confidence;
    const medium = classifyByRules('four').confidence;
    const contested = classifyByRules('frigo et ordinateur').confidence;
    expect(strong).toBe(0.86);
    expect(twoStrong).toBeGreaterThan(strong);
    expect(medium).toBeLessThan(CONFIDENT);
    expect(contested).toBeLessThan(CONFIDENT);
  });

  it('ranks a contested description: the competitor first among the alternatives, then `other`', () => {
    expect(classifyByRules('robot')).toEqual({
      category: 'small_appliance',
      confidence: 0.45,
      alternatives: [
        { category: 'toys', confidence: 0.45 },
        { category: 'other', confidence: 0.1 },
      ],
    });
    const thermometer = classifyByRules('thermomètre');
    expect(thermometer.alternatives[0].category).toBe('monitoring_control');
  });

  it('takes the longest phrase: « four micro-ondes » is a small appliance, « four » alone a large one', () => {
    expect(classifyByRules('four micro-ondes').category).toBe('small_appliance');
    expect(classifyByRules('four').category).toBe('large_appliance');
    expect(classifyByRules('tondeuse à cheveux').category).toBe('small_appliance');
    expect(classifyByRules('tondeuse à gazon').category).toBe('tools');
    expect(classifyByRules('hair dryer').category).toBe('small_appliance');
    expect(classifyByRules('tumble dryer').category).toBe('large_appliance');
  });

  it('ignores accents, case, hyphens and plurals', () => {
    const same = [
      ['réfrigérateur', 'REFRIGERATEURS'],
      ['lave-linge', 'lave linge'],
      ['sèche-linge', 'seche linges'],
      ['ampoule', 'Ampoules'],
      ['jeux vidéo', 'jeu video'],
      ['Téléphone portable', 'telephones portables'],
      ['laptop', 'LAPTOPS'],
      ['perceuse', 'Perceuses'],
    ];
    for (const [a, b] of same) expect(classifyByRules(b)).toEqual(classifyByRules(a));
  });

  it('is deterministic', () => {
    for (const [description, answer] of all) expect(classifyByRules(description)).toEqual(answer);
  });
});

describe('local rules provider', () => {
  it('answers as local-rules-v1, photo or not', async () => {
    const provider = new LocalRulesProvider();
    expect(provider.model).toBe(LOCAL_RULES_MODEL);
    const answer = await provider.classify({
      description: 'perceuse',
      photo: { width: 800, height: 600, mimeType: 'image/jpeg', sizeBytes: 120_000 },
    });
    expect(answer).toEqual({ category: 'tools', confidence: 0.86, alternatives: [], model: 'local-rules-v1' });
  });
});

describe('keyword index', () => {
  it('refuses a keyword listed twice in one category, even spelled differently', () => {
    expect(() => buildIndex({ ...emptyTable(), tools: { strong: ['perceuse'], medium: ['Perceuses'] } })).toThrow(
      'keyword "Perceuses" is listed twice for tools',
    );
  });

  it('refuses a keyword made only of glue words', () => {
    expect(() => buildIndex({ ...emptyTable(), toys: { weak: ['de la'] } })).toThrow('has no meaningful word');
  });

  it('lets one phrase hint at several categories', () => {
    const index = buildIndex({ ...emptyTable(), toys: { medium: ['robot'] }, small_appliance: { medium: ['robot'] } });
    expect(index.phrases.get('robot')?.map((h) => h.category).sort()).toEqual(['small_appliance', 'toys']);
  });
});

function emptyTable() {
  return Object.fromEntries(DepositCategory.options.map((c) => [c, {}])) as Parameters<typeof buildIndex>[0];
}
