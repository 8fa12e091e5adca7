/** Names the field an issue is about with the form's own label: "Firearm – item 2 · Serial number". */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

// Paths whose label key is not simply their last segment.
const FIELD_KEY_OVERRIDES: Record<string, string> = {
  'agency.code': 'agencyCode',
  'agency.officer.firstName': 'officerFirstName',
  'agency.officer.lastName': 'officerLastName',
  'agency.officer.secondLastName': 'officerSecondLastName',
  'agency.officer.badge': 'badge',
  'agency.officer.phone': 'officerPhone',
  'agency.officer.email': 'officerEmail',
  'firearms.notes': 'firearmNotes',
  'ammunition.kind': 'ammunitionKind',
  'possessors.role': 'possessorRole',
  'possessors.firstName': 'personFirstName',
  'possessors.lastName': 'personLastName',
  'possessors.secondLastName': 'personSecondLastName',
  'recovery.geo.lat': 'geoLat',
  'recovery.geo.lon': 'geoLon',
  'recovery.geo.accuracyM': 'geoAccuracyM',
  'recovery.geo.fixedAt': 'geoFixedAt',
  'recovery.geoMissing': 'geoMissing',
};

/** The field's label alone ("Serial number"), for use inside its own firearm card. */
export function fieldLabel(path: string, t: Translate): string {
  const parts = path.split('.');
  const withoutIndexes = parts.filter((p) => !/^\d+$/.test(p)).join('.');
  const key = FIELD_KEY_OVERRIDES[withoutIndexes] ?? parts.at(-1) ?? path;
  return t(`field.${key}`, { defaultValue: parts.at(-1) ?? path });
}

export function issueFieldLabel(path: string, t: Translate, itemNumberAt: (index: number) => number): string {
  const [list, index] = path.split('.');
  const label = fieldLabel(path, t);
  if (list === 'firearms' && index !== undefined) return `${t('form.firearmHeading', { item: itemNumberAt(Number(index)) })} · ${label}`;
  return label;
}
