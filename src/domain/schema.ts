/**
 * The shape of a seizure record (shared/domain/README.md), declared once as zod schemas: types
 * come from z.infer, the form resolver, the check before a Dexie write and the server's route
 * validation all use these.
 *
 * The shape is deliberately permissive about *missing* values: saving never fails for missing or
 * wrong data, a record with hard errors is kept as a draft. What a trace needs is judged by the
 * rule checks (checks.ts), which speak in issue codes. The shape is strict about *form*: unknown
 * fields, wrong types and oversized text are refused, so nothing malformed is ever stored.
 */
import { z } from 'zod';
import { FIREARM_ACTIONS, FIREARM_TYPES } from './vocab/firearm';
import { NONE_MARKED_REASONS, SERIAL_LOCATIONS, SERIAL_MAX_LENGTH, SERIAL_STATUSES } from './serial';

export const LANGUAGES = ['en', 'es'] as const;
export const SEIZURE_STATUSES = ['draft', 'ready'] as const;
export const CIRCUMSTANCES = [
  'search_warrant', 'checkpoint', 'port_of_entry', 'traffic_stop', 'in_flagrante', 'armed_confrontation',
  'found', 'voluntary_surrender', 'other',
] as const;
export const POSSESSOR_ROLES = ['possessor', 'associate', 'owner'] as const;
export const AMMUNITION_KINDS = ['cartridge', 'fired_case', 'projectile'] as const;
export const LIMITS = { short: 80, text: 200, notes: 2000, firearms: 200, rows: 500 } as const;

const shortText = z.string().max(LIMITS.short);
const text = z.string().max(LIMITS.text);
const optionalShort = shortText.optional();
const optionalText = text.optional();
const isoDateTime = z.iso.datetime({ offset: true });
const countryCode = z.string().regex(/^[A-Z]{2}$/);

export const OfficerSchema = z.strictObject({
  firstName: optionalShort,
  lastName: optionalShort,
  secondLastName: optionalShort,
  badge: optionalShort,
});

export const AgencySchema = z.strictObject({
  code: optionalShort,
  ori: optionalShort,
  caseNumber: z.string().max(40).optional(),
  officer: OfficerSchema.default({}),
});

export const GeoSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000).optional(),
});

export const RecoverySchema = z.strictObject({
  occurredAt: isoDateTime.optional(),
  timeZone: optionalShort,
  country: countryCode.optional(),
  state: z.string().max(3).optional(),
  municipality: z.string().regex(/^\d{5}$/).optional(),
  locality: optionalText,
  street: optionalText,
  extNumber: optionalShort,
  intNumber: optionalShort,
  postalCode: z.string().max(10).optional(),
  geo: GeoSchema.optional(),
  circumstance: z.enum(CIRCUMSTANCES).optional(),
  crimeCode: optionalShort,
});

export const MarkingSchema = z.strictObject({ text, location: optionalShort });

export const FirearmSchema = z.strictObject({
  id: z.uuid(),
  itemNumber: z.int().min(1).max(9999),
  type: z.enum(FIREARM_TYPES).optional(),
  action: z.enum(FIREARM_ACTIONS).optional(),
  manufacturer: optionalText,
  importer: optionalText,
  model: optionalText,
  caliber: optionalShort,
  // Raw, exactly as typed; long enough to hold (and reject) a description typed by mistake.
  serialNumber: z.string().max(SERIAL_MAX_LENGTH * 4).optional(),
  serialStatus: z.enum(SERIAL_STATUSES).optional(),
  serialLocation: z.enum(SERIAL_LOCATIONS).optional(),
  noneMarkedReason: z.enum(NONE_MARKED_REASONS).optional(),
  countryOfOrigin: countryCode.optional(),
  privatelyMade: z.boolean().optional(),
  convertedToAutomatic: z.boolean().optional(),
  barrelLengthMm: z.number().positive().max(3000).optional(),
  otherMarkings: z.array(MarkingSchema).max(50).optional(),
  photos: z.array(z.uuid()).max(100).optional(),
  notes: z.string().max(LIMITS.notes).optional(),
});

export const AmmunitionSchema = z.strictObject({
  kind: z.enum(AMMUNITION_KINDS).optional(),
  caliber: optionalShort,
  quantity: z.int().min(1).max(10_000_000).optional(),
  headstamp: optionalShort,
  linkedItem: z.int().min(1).max(9999).optional(),
});

export const MagazineSchema = z.strictObject({
  quantity: z.int().min(1).max(100_000).optional(),
  capacity: z.int().min(1).max(150).optional(),
  caliber: optionalShort,
  manufacturer: optionalText,
  linkedItem: z.int().min(1).max(9999).optional(),
});

export const PossessorSchema = z.strictObject({
  role: z.enum(POSSESSOR_ROLES).optional(),
  firstName: optionalShort,
  lastName: optionalShort,
  secondLastName: optionalShort,
  alias: optionalShort,
  dateOfBirth: z.iso.date().optional(),
});

export const SeizureSchema = z.strictObject({
  id: z.uuid(),
  revision: z.int().min(1).optional(),
  status: z.enum(SEIZURE_STATUSES),
  entryLanguage: z.enum(LANGUAGES),
  vocabularyVersion: shortText,
  // Defaults stand in for the empty objects that dropBlanks() removes.
  agency: AgencySchema.default({ officer: {} }),
  recovery: RecoverySchema.default({}),
  firearms: z.array(FirearmSchema).min(1).max(LIMITS.firearms),
  ammunition: z.array(AmmunitionSchema).max(LIMITS.rows),
  magazines: z.array(MagazineSchema).max(LIMITS.rows),
  possessors: z.array(PossessorSchema).max(LIMITS.rows),
  notes: z.string().max(LIMITS.notes).optional(),
  /** Warnings the officer looked at and confirmed, as warningKey() strings. */
  confirmedWarnings: z.array(z.string().max(120)).max(LIMITS.rows),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  createdBy: optionalShort,
  deviceId: shortText,
});

export type Seizure = z.infer<typeof SeizureSchema>;
export type Firearm = z.infer<typeof FirearmSchema>;
export type Recovery = z.infer<typeof RecoverySchema>;
export type Agency = z.infer<typeof AgencySchema>;
export type Ammunition = z.infer<typeof AmmunitionSchema>;
export type Magazine = z.infer<typeof MagazineSchema>;
export type Possessor = z.infer<typeof PossessorSchema>;
export type SeizureStatus = (typeof SEIZURE_STATUSES)[number];
export type Language = (typeof LANGUAGES)[number];
export type Circumstance = (typeof CIRCUMSTANCES)[number];
