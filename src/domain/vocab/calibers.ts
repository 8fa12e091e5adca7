import { exactLookup } from './lookup';
import type { LocalizedName, VocabOption } from './types';

export type CaliberKind = 'rimfire' | 'handgun' | 'rifle' | 'gauge' | 'heavy' | 'unknown';

export interface Caliber extends VocabOption {
  kind: CaliberKind;
  /**
   * Reserved to the armed forces under LFAFE art. 11 (docs/domain-rules.md#c-3). Only an
   * informational tag (rule X-W4, docs/domain-rules.md#x-w4), so it is set only where the law
   * names the calibre or plainly covers it.
   * The law names calibres by designation ("7 mm", "7.62 mm", ".223"), and hunting rifles in
   * .30-06 and .30-30 are licensed under art. 10 even though their bore is also .30, so the
   * designation decides here, not the bore.
   */
  militaryOnlyMx?: boolean;
}

const same = (name: string): LocalizedName => ({ en: name, es: name });

// Order matters twice: search keeps it for ties, and pickers show it before anything is typed,
// so the calibres seized most in Mexico (7.62×39, 9 mm, .223: docs/domain-rules.md#c-3) come
// early.
export const CALIBERS: readonly Caliber[] = [
  // Rimfire
  {
    code: '22LR',
    kind: 'rimfire',
    label: same('.22 LR'),
    aliases: ['.22', '.22 L.R.', 'calibre .22', '.22 Long Rifle', '.22 largo'],
  },
  {
    code: '22WMR',
    kind: 'rimfire',
    label: same('.22 WMR (.22 Magnum)'),
    aliases: ['.22 Magnum', '.22 Mag', '.22 Win Mag', '.22 Winchester Magnum Rimfire', '.22 Magnum Rimfire'],
  },
  {
    code: '17HMR',
    kind: 'rimfire',
    label: same('.17 HMR'),
    aliases: ['.17', '.17 Hornady Magnum Rimfire'],
  },

  // Handgun (civilian-permitted ones first: pistols up to .380, revolvers up to .38 Special)
  {
    code: '25ACP',
    kind: 'handgun',
    label: same('.25 ACP'),
    aliases: ['6.35 mm', '6.35x15', '6.35 Browning', '.25 Auto'],
  },
  {
    code: '32ACP',
    kind: 'handgun',
    label: same('.32 ACP'),
    aliases: ['7.65 mm', '7.65 Browning', '7.65x17', '.32 Auto'],
  },
  {
    code: '380ACP',
    kind: 'handgun',
    label: same('.380 ACP'),
    aliases: ['.380', '.380 Auto', '9 mm corto', '9x17', '9 mm Kurz', '9 mm Browning Short', '9 mm short'],
  },
  {
    code: '9X19',
    kind: 'handgun',
    label: same('9 mm Luger/Parabellum'),
    aliases: [
      '9mm',
      '9x19',
      '9x19 mm',
      '9 para',
      '9 Parabellum',
      '9 Luger',
      '9 mm Luger',
      '9 mm Parabellum',
      'Luger',
      'Parabellum',
      '9 mm NATO',
    ],
    militaryOnlyMx: true,
  },
  {
    code: '38SPL',
    kind: 'handgun',
    label: { en: '.38 Special', es: '.38 Especial' },
    aliases: ['38 SPL', '.38 S&W Special'],
  },
  {
    code: '38SUPER',
    kind: 'handgun',
    label: { en: '.38 Super', es: '.38 Súper' },
    aliases: ['.38 Super Auto', '.38 Super Automatic'],
    militaryOnlyMx: true,
  },
  {
    code: '357MAG',
    kind: 'handgun',
    label: same('.357 Magnum'),
    aliases: ['357', '.357 Mag'],
    militaryOnlyMx: true,
  },
  {
    code: '357SIG',
    kind: 'handgun',
    label: same('.357 SIG'),
    aliases: ['.357 SIG Sauer'],
    // Same bore as 9 mm Parabellum and hotter: "9 mm ... y similares ... y de calibres superiores".
    militaryOnlyMx: true,
  },
  {
    code: '40SW',
    kind: 'handgun',
    label: same('.40 S&W'),
    aliases: ['.40', '.40 cal', '.40 Smith & Wesson'],
    militaryOnlyMx: true,
  },
  {
    code: '10MM',
    kind: 'handgun',
    label: same('10 mm Auto'),
    aliases: ['10 mm Automatic'],
    militaryOnlyMx: true,
  },
  {
    code: '44SPL',
    kind: 'handgun',
    label: { en: '.44 Special', es: '.44 Especial' },
    aliases: ['.44 Spl', '.44 S&W Special'],
    // Revolvers "superiores a .38 Especial".
    militaryOnlyMx: true,
  },
  {
    code: '44MAG',
    kind: 'handgun',
    label: same('.44 Magnum'),
    aliases: ['.44 Mag', '.44 Remington Magnum', '.44 Rem Mag'],
    militaryOnlyMx: true,
  },
  {
    code: '45ACP',
    kind: 'handgun',
    label: same('.45 ACP'),
    aliases: ['.45', '.45 Auto', '.45 Automatic', '11.43 mm', '11.43x23', 'calibre .45'],
    militaryOnlyMx: true,
  },
  {
    code: '45LC',
    kind: 'handgun',
    label: same('.45 Colt (Long Colt)'),
    aliases: ['.45 Colt', '.45 Long Colt', '.45 L.C.'],
    militaryOnlyMx: true,
  },
  {
    code: '57X28',
    kind: 'handgun',
    label: same('5.7×28 mm'),
    aliases: ['5.7', '5.7x28', '5.7 mm', 'FN 5.7'],
    // Smaller than 9 mm and not named in art. 11; the press calls the gun "uso exclusivo" but
    // the text does not say so, so it is left untagged.
  },
  {
    code: '9X18',
    kind: 'handgun',
    label: same('9×18 mm Makarov'),
    aliases: ['9x18', '9 Makarov', '9 mm Makarov', 'Makarov', '9 mm PM'],
    // Between .380 (permitted) and 9 mm Parabellum (reserved); the law does not say which way
    // it falls, so it is left untagged rather than guessed.
  },
  {
    code: '762X25',
    kind: 'handgun',
    label: same('7.62×25 mm Tokarev'),
    aliases: ['7.62x25', '7.62 Tokarev', 'Tokarev', '7.62 TT', '.30 Tokarev'],
    // The "7.62 mm" clause covers rifles and carbines, not pistols; untagged for the same reason.
  },

  // Rifle
  {
    code: '762X39',
    kind: 'rifle',
    label: same('7.62×39 mm'),
    // "Cuerno de chivo" names the AK rifle, not the calibre, so it is deliberately absent.
    aliases: ['7.62x39', '7.62 AK', '7.62 x 39 mm', '7.62 Soviet', 'M43'],
    militaryOnlyMx: true,
  },
  {
    code: '223REM',
    kind: 'rifle',
    label: same('.223 Remington'),
    aliases: ['.223', '.223 Rem'],
    hint: { en: 'Not the same as 5.56×45 NATO', es: 'No es lo mismo que 5.56×45 OTAN' },
    militaryOnlyMx: true,
  },
  {
    code: '556NATO',
    kind: 'rifle',
    label: { en: '5.56×45 NATO', es: '5.56×45 OTAN' },
    aliases: ['5.56', '5.56x45', '5.56x45 mm', '5.56 mm', '5.56 NATO', '5.56 OTAN'],
    hint: { en: 'Not the same as .223 Remington', es: 'No es lo mismo que .223 Remington' },
    // The law names .223; 5.56×45 is the same cartridge family.
    militaryOnlyMx: true,
  },
  {
    code: '545X39',
    kind: 'rifle',
    label: same('5.45×39 mm'),
    aliases: ['5.45', '5.45x39', '5.45 mm'],
    // Not named in art. 11 (it lists .223, 7 mm, 7.62 mm), so untagged.
  },
  {
    code: '762X51',
    kind: 'rifle',
    label: { en: '7.62×51 mm NATO / .308 Win', es: '7.62×51 mm OTAN / .308 Win' },
    aliases: ['.308', '.308 Win', '.308 Winchester', '7.62x51', '7.62 NATO', '7.62 OTAN'],
    militaryOnlyMx: true,
  },
  {
    code: '762X54R',
    kind: 'rifle',
    label: same('7.62×54 mmR'),
    aliases: ['7.62x54', '7.62x54R', '7.62 Russian', '7.62 Mosin'],
    militaryOnlyMx: true,
  },
  {
    code: '300BLK',
    kind: 'rifle',
    label: same('.300 AAC Blackout'),
    aliases: ['.300 BLK', '.300 Blackout', '.300 AAC', '7.62x35'],
    // Designated .300, not 7.62 mm, and too recent for the 1972 text; left untagged.
  },
  {
    code: '3006',
    kind: 'rifle',
    label: same('.30-06 Springfield'),
    aliases: ['.30-06', '.30-06 Sprg', '7.62x63'],
    // Art. 10 permits .30-06 hunting rifles; only the Garand in .30 is excluded.
  },
  {
    code: '3030',
    kind: 'rifle',
    label: same('.30-30 Winchester'),
    aliases: ['.30-30', '.30-30 Win', '.30 WCF', 'treinta-treinta'],
  },
  {
    code: '30CARB',
    kind: 'rifle',
    label: { en: '.30 Carbine', es: '.30 Carabina' },
    aliases: ['.30 M1', '.30 Carbine M1', '7.62x33'],
    militaryOnlyMx: true,
  },
  {
    code: '243WIN',
    kind: 'rifle',
    label: same('.243 Winchester'),
    aliases: ['.243', '.243 Win'],
  },
  {
    code: '270WIN',
    kind: 'rifle',
    label: same('.270 Winchester'),
    aliases: ['.270', '.270 Win'],
  },
  {
    code: '65CREEDMOOR',
    kind: 'rifle',
    label: same('6.5 mm Creedmoor'),
    aliases: ['6.5 Creedmoor', '6.5 CM', '6.5 Creed'],
  },
  {
    code: '7MM08',
    kind: 'rifle',
    label: same('7mm-08 Remington'),
    aliases: ['7-08', '7mm-08 Rem'],
    militaryOnlyMx: true,
  },
  {
    code: '7MMREMMAG',
    kind: 'rifle',
    label: same('7 mm Remington Magnum'),
    aliases: ['7mm Rem Mag', '7 mm Mag', '7mm RM'],
    militaryOnlyMx: true,
  },

  // Heavy
  {
    code: '50BMG',
    kind: 'heavy',
    label: same('.50 BMG'),
    aliases: ['.50', '.50 cal', 'calibre .50', '12.7x99', '12.7x99 mm NATO', '.50 Browning'],
    militaryOnlyMx: true,
  },

  // Shotgun gauges ("calibre 12" is how Mexican reports write 12 gauge)
  {
    code: '12GA',
    kind: 'gauge',
    label: { en: '12 gauge', es: 'calibre 12' },
    aliases: ['12', '12 ga', '12 g', 'cal. 12', 'escopeta calibre 12'],
  },
  {
    code: '16GA',
    kind: 'gauge',
    label: { en: '16 gauge', es: 'calibre 16' },
    aliases: ['16', '16 ga', 'cal. 16'],
  },
  {
    code: '20GA',
    kind: 'gauge',
    label: { en: '20 gauge', es: 'calibre 20' },
    aliases: ['20', '20 ga', 'cal. 20'],
  },
  {
    code: '28GA',
    kind: 'gauge',
    label: { en: '28 gauge', es: 'calibre 28' },
    aliases: ['28', '28 ga', 'cal. 28'],
  },
  {
    code: '410',
    kind: 'gauge',
    label: { en: '.410 bore', es: 'calibre .410' },
    aliases: ['.410', '.410 ga', '.410 gauge'],
  },
  {
    code: '10GA',
    kind: 'gauge',
    label: { en: '10 gauge', es: 'calibre 10' },
    aliases: ['10 ga', 'cal. 10'],
    // "Escopetas ... de calibre superior al 12".
    militaryOnlyMx: true,
  },

  {
    code: 'UNKNOWN',
    kind: 'unknown',
    label: { en: 'unknown', es: 'desconocido' },
    aliases: ['unk', 'not marked', 'sin marcar', 'illegible', 'ilegible'],
    hint: { en: 'The trace is less likely to succeed', es: 'Es menos probable que el rastreo tenga éxito' },
  },
];

const lookup = exactLookup(CALIBERS);

// Spanish reports and forms put the word before the number ("calibre 9 mm", "cal. .223").
const CALIBRE_WORD = /^\s*(?:calibre|caliber|cal\.?)\s*/i;

/** Maps what was typed or stored (code, label or alias) to the catalogue entry. */
export function findCaliber(value: string | undefined): Caliber | undefined {
  if (value === undefined) return undefined;
  return lookup(value) ?? (CALIBRE_WORD.test(value) ? lookup(value.replace(CALIBRE_WORD, '')) : undefined);
}
