import type { DepositCategory } from '@vigie/contracts';

export interface CatalogEntry {
  /** As a volunteer types or dictates it to the bot. */
  description: string;
  /** What the object really is: what a volunteer corrects a wrong answer to. */
  category: DepositCategory;
}

/** Descriptions that name the object: any classifier should be sure of these. */
export const CLEAR: readonly CatalogEntry[] = [
  { description: 'Grille-pain deux fentes, fonctionne', category: 'small_appliance' },
  { description: 'Bouilloire inox, détartrée', category: 'small_appliance' },
  { description: 'Cafetière Senseo avec dosettes', category: 'small_appliance' },
  { description: 'Aspirateur traîneau sans sac', category: 'small_appliance' },
  { description: 'Fer à repasser Calor', category: 'small_appliance' },
  { description: 'Micro-ondes Samsung 20 L', category: 'small_appliance' },
  { description: 'Sèche-cheveux de voyage', category: 'small_appliance' },
  { description: 'Mixeur plongeant Moulinex', category: 'small_appliance' },
  { description: 'Friteuse Seb, bon état', category: 'small_appliance' },
  { description: 'Machine à café à capsules', category: 'small_appliance' },
  { description: 'euh un ventilateur sur pied qui tourne encore', category: 'small_appliance' },
  { description: 'Lave-linge Bosch 7 kg', category: 'large_appliance' },
  { description: 'Réfrigérateur top, joint de porte usé', category: 'large_appliance' },
  { description: 'Congélateur coffre 200 L', category: 'large_appliance' },
  { description: 'Lave-vaisselle Whirlpool, ne vidange plus', category: 'large_appliance' },
  { description: 'Sèche-linge à condensation', category: 'large_appliance' },
  { description: 'Chauffe-eau 100 litres', category: 'large_appliance' },
  { description: 'Ordinateur portable Dell sans chargeur', category: 'it_equipment' },
  { description: "Imprimante jet d'encre HP", category: 'it_equipment' },
  { description: 'Clavier et souris sans fil', category: 'it_equipment' },
  { description: 'alors un téléphone portable, vitre fissurée', category: 'it_equipment' },
  { description: 'Box internet Livebox', category: 'it_equipment' },
  { description: 'Disque dur externe 1 To', category: 'it_equipment' },
  { description: 'Tablette tactile Samsung', category: 'it_equipment' },
  { description: "Écran d'ordinateur 22 pouces", category: 'it_equipment' },
  { description: 'Lampe de chevet', category: 'lighting' },
  { description: "Lot d'ampoules basse consommation", category: 'lighting' },
  { description: 'Lampadaire halogène', category: 'lighting' },
  { description: 'Guirlande lumineuse de Noël', category: 'lighting' },
  { description: 'Plafonnier avec trois spots', category: 'lighting' },
  { description: 'Perceuse visseuse sans batterie', category: 'tools' },
  { description: 'Ponceuse vibrante Black et Decker', category: 'tools' },
  { description: 'Tondeuse à gazon électrique', category: 'tools' },
  { description: 'Taille-haie', category: 'tools' },
  { description: 'Scie sauteuse Bosch', category: 'tools' },
  { description: 'Machine à coudre Singer', category: 'tools' },
  { description: 'Nettoyeur haute pression Kärcher', category: 'tools' },
  { description: 'Console Nintendo Switch avec manettes', category: 'toys' },
  { description: 'Voiture télécommandée', category: 'toys' },
  { description: 'Jouet musical pour bébé', category: 'toys' },
  { description: 'Train électrique Jouef', category: 'toys' },
  { description: 'Peluche qui parle', category: 'toys' },
  { description: "Vélo d'appartement", category: 'toys' },
  { description: 'Tensiomètre de poignet', category: 'medical_devices' },
  { description: 'Nébuliseur aérosol', category: 'medical_devices' },
  { description: 'Thermomètre frontal', category: 'medical_devices' },
  { description: 'Détecteur de fumée', category: 'monitoring_control' },
  { description: 'Babyphone Philips', category: 'monitoring_control' },
  { description: 'Station météo sans fil', category: 'monitoring_control' },
  { description: "Thermostat d'ambiance", category: 'monitoring_control' },
  { description: 'Fontaine à eau de bureau', category: 'automatic_dispensers' },
  { description: 'Distributeur de boissons', category: 'automatic_dispensers' },
  { description: 'Téléviseur 80 cm', category: 'other' },
  { description: 'Chaîne hifi avec enceintes', category: 'other' },
  { description: 'Lecteur DVD Philips', category: 'other' },
  { description: 'Platine vinyle', category: 'other' },
  { description: 'Appareil photo numérique', category: 'other' },
];

/** Half-said descriptions (dictated in a hurry): a classifier doubts, a volunteer validates or corrects. */
export const VAGUE: readonly CatalogEntry[] = [
  { description: 'robot', category: 'small_appliance' },
  { description: 'un carton de câbles', category: 'it_equipment' },
  { description: 'truc qui chauffe, je sais pas trop', category: 'small_appliance' },
  { description: "appareil avec une prise, on ne sait pas ce que c'est", category: 'other' },
  { description: 'vieille console', category: 'toys' },
  { description: 'écran', category: 'it_equipment' },
  { description: 'drone cassé', category: 'toys' },
  { description: 'tondeuse', category: 'tools' },
];

/** Share of vague descriptions among deposits. */
export const VAGUE_SHARE = 0.12;
