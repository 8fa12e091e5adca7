import type { Firearm, Language } from '../../../domain/schema';
import { findCaliber } from '../../../domain/vocab/calibers';
import { findMaker } from '../../../domain/vocab/makers';

/** "Glock G19 · 9 mm Luger · ABC123": how a firearm is named in lists and headings. */
export function firearmSummary(f: Firearm, lang: Language): string {
  const maker = findMaker(f.manufacturer)?.label[lang] ?? f.manufacturer;
  const caliber = findCaliber(f.caliber)?.label[lang] ?? f.caliber;
  return [[maker, f.model].filter(Boolean).join(' '), caliber, f.serialNumber?.trim()].filter(Boolean).join(' · ');
}
