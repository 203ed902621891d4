import type { DepositCategory } from '@vigie/contracts';

/**
 * How much one keyword says about a category: `strong` names the object (« lave-linge »),
 * `medium` is a likely but ambiguous hint (« écran », « robot »), `weak` only tips the balance.
 */
export type Strength = 'strong' | 'medium' | 'weak';
export type KeywordTable = Record<DepositCategory, Partial<Record<Strength, readonly string[]>>>;

/**
 * French and English names of the objects volunteers deposit, per WEEE category. Write them as
 * people type them (accents, plurals and hyphens do not matter; « à », « de »... are ignored); the
 * longest phrase wins (« four micro-ondes » is not « four »), and a phrase may hint at several
 * categories. Where the directive and French practice disagree (fans, scales), French practice
 * (the Ecosystem PAM/GEM streams ressourceries use) wins.
 */
export const KEYWORDS: KeywordTable = {
  large_appliance: {
    strong: [
      'lave-linge', 'lavelinge', 'machine à laver', 'lave-vaisselle', 'lavevaisselle', 'sèche-linge', 'sechelinge',
      'réfrigérateur', 'frigo', 'frigidaire', 'congélateur', 'combiné frigo', 'cuisinière', 'gazinière',
      'plaque de cuisson', 'plaque induction', 'plaque vitrocéramique', 'table de cuisson', 'hotte aspirante',
      'climatiseur', 'climatisation', 'chauffe-eau', "ballon d'eau chaude", 'cumulus', 'cave à vin',
      'pompe à chaleur', 'déshumidificateur',
      'washing machine', 'dishwasher', 'tumble dryer', 'fridge', 'refrigerator', 'freezer', 'fridge freezer',
      'cooker', 'range cooker', 'cooker hood', 'range hood', 'air conditioner', 'water heater', 'boiler',
      'wine cooler', 'heat pump', 'dehumidifier', 'washer dryer',
    ],
    medium: ['four', 'hotte', 'radiateur', 'oven', 'stove', 'washer', 'dryer', 'radiator'],
  },
  small_appliance: {
    strong: [
      'aspirateur', 'aspirateur balai', 'robot aspirateur', 'nettoyeur vapeur', 'fer à repasser', 'centrale vapeur',
      'grille-pain', 'grillepain', 'bouilloire', 'cafetière', 'machine à café', 'expresso', 'percolateur',
      'micro-ondes', 'microondes', 'four micro-ondes', 'mini four', 'mixeur', 'blender', 'robot de cuisine',
      'robot culinaire', 'robot pâtissier', 'robot ménager', 'batteur', 'friteuse', 'gaufrier', 'appareil à raclette',
      'crêpière', 'appareil à fondue', 'yaourtière', 'machine à pain', 'presse-agrumes', 'centrifugeuse',
      'extracteur de jus', 'hachoir', 'trancheuse', 'plancha', 'cuiseur vapeur', 'cuiseur à riz', 'autocuiseur électrique',
      'sèche-cheveux', 'sechecheveux', 'lisseur', 'fer à lisser', 'boucleur', 'tondeuse à cheveux', 'tondeuse barbe',
      'rasoir électrique', 'épilateur', 'brosse à dents électrique', 'pèse-personne', 'balance de cuisine',
      'ventilateur', 'radio-réveil', 'réveil', 'horloge', 'montre',
      'vacuum cleaner', 'vacuum', 'hoover', 'steam cleaner', 'iron', 'steam iron', 'toaster', 'kettle',
      'coffee maker', 'coffee machine', 'espresso machine', 'microwave', 'microwave oven', 'toaster oven', 'mini oven', 'mixer', 'hand mixer', 'food processor',
      'stand mixer', 'deep fryer', 'air fryer', 'fryer', 'waffle maker', 'sandwich maker', 'bread maker', 'juicer',
      'rice cooker', 'slow cooker', 'hair dryer', 'hairdryer', 'hair straightener', 'curling iron', 'hair clipper',
      'shaver', 'electric razor', 'electric toothbrush', 'epilator', 'bathroom scale', 'kitchen scale', 'fan',
      'desk fan', 'fan heater', 'alarm clock', 'clock radio', 'clock', 'watch',
    ],
    medium: ['robot', 'balance', "chauffage d'appoint", 'scale', 'heater', 'space heater'],
    weak: ['four', 'radiateur', 'tondeuse', 'électroménager', 'cuisine', 'kitchen'],
  },
  it_equipment: {
    strong: [
      'ordinateur', 'ordi', 'ordinateur portable', 'ordinateur fixe', 'pc', 'pc portable', 'unité centrale',
      'tablette tactile', 'tablette numérique', 'ipad', "écran d'ordinateur", 'écran pc', 'clavier', 'souris',
      'imprimante', 'scanner', 'photocopieuse', 'copieur', 'fax', 'téléphone', 'téléphone portable',
      'téléphone fixe', 'smartphone', 'iphone', 'gsm', 'modem', 'routeur', 'box internet', 'livebox', 'freebox',
      'disque dur', 'clé usb', 'carte mère', 'carte graphique', 'calculatrice', 'onduleur', 'webcam', 'minitel',
      'répondeur', 'laptop', 'computer', 'desktop computer', 'macbook', 'imac', 'chromebook', 'computer monitor',
      'keyboard', 'mouse', 'mice', 'printer', 'photocopier', 'copier', 'phone', 'mobile phone', 'cell phone',
      'router', 'hard drive', 'hard disk', 'ssd', 'usb stick', 'usb key', 'motherboard',
      'graphics card', 'calculator', 'answering machine',
    ],
    medium: [
      'tablette', 'écran', 'moniteur', 'portable', 'mobile', 'switch', 'serveur', 'chargeur', 'tablet', 'notebook',
      'desktop', 'monitor', 'screen', 'server', 'charger', 'mac',
    ],
    weak: ['câble', 'informatique', 'usb'],
  },
  lighting: {
    strong: [
      'ampoule', 'lampe', 'lampadaire', 'halogène', 'néon', 'tube fluorescent', 'tube néon', 'applique murale',
      'plafonnier', 'lustre', 'suspension lumineuse', 'guirlande lumineuse', 'guirlande électrique', 'veilleuse',
      'lampe torche', 'lampe de poche', 'lampe frontale', 'lampe de chevet', 'lampe de bureau', 'luminaire',
      'bulb', 'light bulb', 'floor lamp', 'desk lamp', 'bedside lamp', 'ceiling light', 'chandelier',
      'fairy lights', 'string lights', 'torch', 'flashlight', 'headlamp', 'head torch', 'night light',
      'fluorescent tube', 'light fitting', 'wall light',
    ],
    medium: ['led', 'spot', 'applique', 'guirlande', 'projecteur', 'light', 'lighting', 'éclairage'],
  },
  tools: {
    strong: [
      'perceuse', 'visseuse', 'perceuse visseuse', 'perforateur', 'meuleuse', 'disqueuse', 'scie sauteuse',
      'scie circulaire', 'scie sabre', 'scie électrique', 'tronçonneuse', 'ponceuse', 'rabot électrique',
      'décapeur thermique', 'pistolet à colle', 'fer à souder', 'poste à souder', 'compresseur',
      'nettoyeur haute pression', 'karcher', 'tondeuse à gazon', 'taille-haie', 'débroussailleuse', 'souffleur',
      'souffleur de feuilles', 'coupe-bordure', 'rotofil', 'motoculteur', 'broyeur de végétaux', 'machine à coudre',
      'surjeteuse', 'outillage électrique', 'outil électrique', 'drill', 'cordless drill', 'power drill',
      'hammer drill', 'screwdriver', 'electric screwdriver', 'impact driver', 'angle grinder', 'grinder',
      'jigsaw', 'circular saw', 'chainsaw', 'sander', 'planer', 'heat gun', 'glue gun', 'soldering iron', 'welder',
      'compressor', 'pressure washer', 'lawn mower', 'lawnmower', 'mower', 'hedge trimmer', 'strimmer',
      'leaf blower', 'sewing machine', 'power tool',
    ],
    medium: ['scie', 'tondeuse', 'outil', 'outillage', 'saw', 'tool', 'bricolage', 'jardinage'],
  },
  toys: {
    strong: [
      'jouet', 'jeu vidéo', 'console de jeu', 'console de salon', 'console portable', 'playstation', 'ps1', 'ps2',
      'ps3', 'ps4', 'ps5', 'psp', 'xbox', 'nintendo', 'nintendo switch', 'wii', 'game boy', 'gameboy', 'manette de jeu',
      'voiture télécommandée', 'train électrique', 'circuit de voiture', 'circuit électrique', 'robot jouet',
      'peluche', 'poupée', 'jeu de société', 'hoverboard', 'tapis de course', "vélo d'appartement", 'rameur',
      'home trainer', "borne d'arcade", 'flipper', 'lego', 'toy', 'video game', 'game console',
      'game controller', 'gamepad', 'joystick', 'remote control car', 'rc car', 'electric train', 'train set',
      'racing set', 'doll', 'teddy bear', 'treadmill', 'exercise bike', 'rowing machine', 'arcade machine', 'pinball',
      'machine à coudre jouet',
    ],
    medium: [
      'jeu', 'console', 'manette', 'drone', 'robot', 'trottinette électrique', 'vélo électrique', 'karaoké', 'game',
      'controller', 'scooter', 'e-scooter', 'e-bike', 'sport',
    ],
    weak: ['enfant', 'loisirs', 'kids', 'child'],
  },
  medical_devices: {
    strong: [
      'tensiomètre', 'appareil de tension', 'glucomètre', 'glycomètre', 'lecteur de glycémie', 'oxymètre',
      'saturomètre', 'nébuliseur', 'appareil auditif', 'aide auditive', 'prothèse auditive', 'fauteuil roulant',
      'lit médicalisé', "concentrateur d'oxygène", 'pompe à insuline', 'défibrillateur', 'électrostimulateur',
      'appareil à pression positive', 'ppc', 'cpap', 'stéthoscope', 'moniteur cardiaque', 'thermomètre médical',
      'thermomètre frontal', 'thermomètre auriculaire', 'blood pressure monitor', 'sphygmomanometer',
      'glucose meter', 'glucometer', 'pulse oximeter', 'oximeter', 'nebulizer', 'nebuliser', 'hearing aid',
      'wheelchair', 'hospital bed', 'oxygen concentrator', 'insulin pump', 'defibrillator', 'tens unit',
      'tens machine', 'heart monitor',
    ],
    medium: ['thermomètre', 'aérosol', 'médical', 'thermometer'],
    weak: ['moniteur', 'santé', 'health'],
  },
  monitoring_control: {
    strong: [
      'thermostat', 'détecteur de fumée', 'détecteur de monoxyde', 'détecteur de co', 'détecteur de gaz',
      'détecteur de mouvement', "centrale d'alarme", "système d'alarme", 'caméra de surveillance',
      'caméra ip', 'babyphone', 'baby phone', 'écoute bébé', 'station météo', 'multimètre', 'oscilloscope',
      'hygromètre', 'smoke detector', 'smoke alarm', 'carbon monoxide detector', 'co detector', 'gas detector',
      'motion sensor', 'security camera', 'ip camera', 'cctv', 'alarm system', 'burglar alarm', 'baby monitor',
      'weather station', 'multimeter', 'hygrometer', 'data logger',
    ],
    medium: [
      'détecteur', 'alarme', 'régulateur', 'programmateur', 'baromètre', 'capteur', 'sonde', 'interphone',
      'visiophone', 'detector', 'sensor', 'intercom', 'barometer', 'surveillance',
    ],
    weak: ['thermomètre', 'thermometer', 'compteur', 'minuteur', 'timer'],
  },
  automatic_dispensers: {
    strong: [
      'distributeur', 'distributeur automatique', 'distributeur de boissons', 'distributeur de billets',
      'distributeur de friandises', 'distributeur de café', 'fontaine à eau', 'fontaine réfrigérée',
      'horodateur', 'photomaton', 'vending machine', 'dispenser', 'water dispenser', 'water cooler',
      'ticket machine', 'parking meter', 'atm', 'cash machine', 'snack machine',
    ],
    medium: ['automate', 'borne', 'kiosk', 'kiosque'],
  },
  // Consumer equipment (category 4 of directive 2012/19/EU: TV, hi-fi, cameras...) has no category of
  // its own in Recyclic's list: it is `other`, named so it is told apart from "nothing recognised".
  other: {
    strong: [
      'téléviseur', 'télévision', 'télé', 'tv', 'poste de radio', 'radio', 'chaîne hifi', 'hifi', 'hi-fi',
      'enceinte', 'haut-parleur', 'ampli', 'amplificateur', 'lecteur dvd', 'lecteur cd', 'magnétoscope',
      'platine vinyle', 'tourne-disque', 'appareil photo', 'caméscope', 'baladeur', 'mp3', 'ipod', 'casque audio',
      'écouteurs', 'home cinéma', 'vidéoprojecteur', 'panneau solaire', 'guitare électrique', 'piano électrique',
      'synthétiseur', 'cigarette électronique', 'stereo', 'speaker', 'amplifier',
      'dvd player', 'cd player', 'vcr', 'record player', 'turntable', 'camcorder', 'walkman', 'headphones',
      'earphones', 'earbuds', 'home theater', 'solar panel', 'electric guitar', 'keyboard piano',
      'synthesizer', 'e-cigarette',
    ],
    medium: ['caméra', 'décodeur', 'projector', 'projecteur vidéo'],
    weak: ['télécommande', 'remote'],
  },
};
