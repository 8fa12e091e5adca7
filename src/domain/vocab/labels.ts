/**
 * The labels of the fixed lists (the enums of schema.ts and serial.ts) in both languages: the one
 * source for the app (i18n/locales/<lng>/vocab.ts builds the `vocab` namespace from it) and for
 * what writes words without i18next, such as the server's exports (export/columns.ts). The
 * firearm lists are typed over their codes here (a code without labels fails to compile); the
 * lists of schema.ts and serial.ts live outside vocab/, which imports only its siblings, so
 * test/unit/i18n.test.ts checks that each of their codes has its label.
 */
import type { FirearmAction, FirearmType } from './firearm';
import type { Lang, LocalizedName } from './types';

const l = (en: string, es: string): LocalizedName => ({ en, es });

export const VOCAB_LABELS = {
  firearmType: {
    pistol: l('Pistol', 'Pistola'),
    revolver: l('Revolver', 'Revólver'),
    derringer: l('Derringer', 'Derringer'),
    rifle: l('Rifle', 'Rifle'),
    carbine: l('Carbine', 'Carabina'),
    shotgun: l('Shotgun', 'Escopeta'),
    combination: l('Rifle-shotgun combination', 'Combinada rifle-escopeta'),
    submachine_gun: l('Submachine gun', 'Subametralladora'),
    machine_gun: l('Machine gun', 'Ametralladora'),
    frame_receiver: l('Frame or receiver only', 'Solo armazón o cajón de mecanismos'),
    silencer: l('Silencer', 'Silenciador'),
    grenade_launcher: l('Grenade launcher', 'Lanzagranadas'),
    other: l('Other', 'Otra'),
  } satisfies Record<FirearmType, LocalizedName>,
  action: {
    semi_automatic: l('Semi-automatic', 'Semiautomático'),
    automatic: l('Automatic', 'Automático (ráfaga)'),
    bolt: l('Bolt action', 'De cerrojo'),
    lever: l('Lever action', 'De palanca'),
    pump: l('Pump action', 'De corredera (bomba)'),
    revolver: l('Revolver', 'Revólver'),
    single_shot: l('Single shot', 'De tiro único'),
    break_open: l('Break-open', 'Quebrada (basculante)'),
  } satisfies Record<FirearmAction, LocalizedName>,
  serialStatus: {
    legible: l('Legible', 'Legible'),
    partial: l('Partly legible', 'Parcialmente legible'),
    obliterated: l('Obliterated, ground off or altered', 'Limado, borrado o alterado'),
    none_marked: l('None marked', 'Sin número (no marcado)'),
    not_checked: l('Not checked yet', 'Todavía no se revisa'),
  },
  serialLocation: {
    frame: l('Frame', 'Armazón'),
    receiver: l('Receiver', 'Cajón de mecanismos'),
    slide: l('Slide', 'Corredera'),
    barrel: l('Barrel', 'Cañón'),
    cylinder: l('Cylinder', 'Cilindro (tambor)'),
    other: l('Other', 'Otra parte'),
  },
  noneMarkedReason: {
    pre_1968: l('Made before 1968', 'Fabricada antes de 1968'),
    antique: l('Antique', 'Arma antigua'),
    privately_made: l('Privately made (PMF)', 'Arma hechiza (fabricación casera)'),
  },
  circumstance: {
    search_warrant: l('Search warrant', 'Cateo'),
    checkpoint: l('Checkpoint', 'Revisión en punto de control'),
    port_of_entry: l('Port of entry', 'Aduana o garita'),
    traffic_stop: l('Traffic stop', 'Revisión de vehículo'),
    in_flagrante: l('Arrest in the act', 'Detención en flagrancia'),
    armed_confrontation: l('Armed confrontation', 'Agresión o enfrentamiento'),
    found: l('Found or abandoned', 'Hallazgo'),
    voluntary_surrender: l('Voluntary surrender', 'Entrega voluntaria'),
    other: l('Other', 'Otra'),
  },
  possessorRole: {
    possessor: l('Possessor', 'Poseedor (probable responsable)'),
    associate: l('Associate', 'Acompañante'),
    owner: l('Owner', 'Propietario'),
  },
  idType: {
    curp: l('CURP (Mexico)', 'CURP'),
    ine: l('INE voter key (Mexico)', 'Clave de elector (INE)'),
    passport: l('Passport', 'Pasaporte'),
    driver_license: l("Driver's license", 'Licencia de conducir'),
    other: l('Other document', 'Otro documento'),
  },
  ammunitionKind: {
    cartridge: l('Live cartridge', 'Cartucho útil'),
    fired_case: l('Fired case', 'Casquillo percutido'),
    projectile: l('Projectile', 'Proyectil'),
  },
  priority: {
    routine: l('Routine', 'Rutina'),
    urgent: l('Urgent', 'Urgente'),
  },
  // Trace status (trace-status.ts TRACE_STATES, NOT_TRACED_REASONS).
  traceState: {
    not_requested: l('Not requested', 'No solicitado'),
    requested: l('Requested', 'Solicitado'),
    traced: l('Traced', 'Rastreado'),
    not_traced: l('Not traced', 'No rastreado'),
  },
  notTracedReason: {
    obliterated_serial: l('Serial number obliterated', 'Número de serie borrado o limado'),
    invalid_serial: l('Invalid serial number', 'Número de serie no válido'),
    no_importer: l('No importer marking', 'Sin marca del importador'),
    not_us_sourced: l('Not US-sourced', 'No procede de EUA'),
    record_not_found: l('No record found', 'No se encontró registro'),
    other: l('Other', 'Otro'),
  },
  // Why a record has no position (GEO_MISSING_REASONS, docs/location.md).
  geoMissing: {
    no_fix: l('Indoors / no GPS fix', 'En interiores / sin señal de GPS'),
    denied: l('Location permission denied', 'Permiso de ubicación negado'),
  },
} as const;

export type VocabList = keyof typeof VOCAB_LABELS;
export type VocabCode<L extends VocabList> = keyof (typeof VOCAB_LABELS)[L] & string;

/** The label of one code of one list; undefined for a code the list does not have. */
export function vocabLabel<L extends VocabList>(list: L, code: string | undefined, lang: Lang): string | undefined {
  if (code === undefined) return undefined;
  const labels: Readonly<Record<string, LocalizedName>> = VOCAB_LABELS[list];
  return Object.hasOwn(labels, code) ? labels[code]?.[lang] : undefined;
}

type Namespace = { [L in VocabList]: Record<VocabCode<L>, string> };

/** Every list's labels in one language, shaped as the i18n `vocab` namespace. */
export function vocabNamespace(lang: Lang): Namespace {
  const entries = Object.entries(VOCAB_LABELS).map(([list, labels]) => [
    list,
    Object.fromEntries(Object.entries(labels as Record<string, LocalizedName>).map(([code, label]) => [code, label[lang]])),
  ]);
  return Object.fromEntries(entries) as Namespace;
}
